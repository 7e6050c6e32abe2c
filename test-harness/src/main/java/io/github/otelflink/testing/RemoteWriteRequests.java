package io.github.otelflink.testing;

import io.github.otelflink.testing.proto.Remote;
import io.github.otelflink.testing.proto.Types;
import io.github.otelflink.testing.proto.v2.WriteV2;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/** Encoding and decoding helpers for remote-write bodies (Snappy block format + protobuf) in tests. */
public final class RemoteWriteRequests {

    /** Content-Type of a remote write 1.0 body. */
    public static final String CONTENT_TYPE_V1 = "application/x-protobuf";

    /** Content-Type of a remote write 2.0 body. */
    public static final String CONTENT_TYPE_V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    private RemoteWriteRequests() {}

    /** Decodes a Snappy-block-compressed remote write 1.0 body. */
    public static Remote.WriteRequest decode(byte[] snappyBody) {
        try {
            return Remote.WriteRequest.parseFrom(Snappy.uncompress(snappyBody));
        } catch (IOException e) {
            throw new UncheckedIOException("not a snappy-compressed prometheus.WriteRequest", e);
        }
    }

    /** Decodes a Snappy-block-compressed remote write 2.0 body. */
    public static WriteV2.Request decodeV2(byte[] snappyBody) {
        try {
            return WriteV2.Request.parseFrom(Snappy.uncompress(snappyBody));
        } catch (IOException e) {
            throw new UncheckedIOException("not a snappy-compressed io.prometheus.write.v2.Request", e);
        }
    }

    /** Encodes a remote write 1.0 request as protobuf compressed with the Snappy block format. */
    public static byte[] encode(Remote.WriteRequest request) {
        try {
            return Snappy.compress(request.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes a remote write 2.0 request as protobuf compressed with the Snappy block format. */
    public static byte[] encodeV2(WriteV2.Request request) {
        try {
            return Snappy.compress(request.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a 1.0 series with the given labels (alternating name, value) and one float sample. */
    public static Types.TimeSeries series(long timestampMs, double value, String... labelNamesAndValues) {
        Types.TimeSeries.Builder series = Types.TimeSeries.newBuilder();
        if (labelNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels must be name/value pairs");
        }
        for (int i = 0; i < labelNamesAndValues.length; i += 2) {
            series.addLabels(Types.Label.newBuilder()
                    .setName(labelNamesAndValues[i])
                    .setValue(labelNamesAndValues[i + 1]));
        }
        return series.addSamples(Types.Sample.newBuilder().setTimestamp(timestampMs).setValue(value)).build();
    }

    /** Returns the labels of a 1.0 series as a name-sorted map (later duplicates win). */
    public static Map<String, String> labels(Types.TimeSeries series) {
        Map<String, String> labels = new TreeMap<>();
        for (Types.Label label : series.getLabelsList()) {
            labels.put(label.getName(), label.getValue());
        }
        return labels;
    }

    /** Resolves the label references of a 2.0 series against the request's symbol table. */
    public static Map<String, String> labels(WriteV2.Request request, WriteV2.TimeSeries series) {
        List<Integer> refs = series.getLabelsRefsList();
        if (refs.size() % 2 != 0) {
            throw new IllegalArgumentException("odd number of label refs: " + refs);
        }
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < refs.size(); i += 2) {
            labels.put(request.getSymbols(refs.get(i)), request.getSymbols(refs.get(i + 1)));
        }
        return labels;
    }

    /** A stable identity for a series: its labels sorted by name, as Prometheus identifies series. */
    public static String seriesKey(Map<String, String> sortedLabels) {
        return new TreeMap<>(sortedLabels).toString();
    }
}

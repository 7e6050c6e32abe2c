package io.github.otelflink.testing;

import io.github.otelflink.testing.FaultInjectingReceiver.HistogramPoint;
import io.github.otelflink.testing.FaultInjectingReceiver.Point;
import io.github.otelflink.testing.FaultInjectingReceiver.Series;
import io.github.otelflink.testing.proto.Remote;
import io.github.otelflink.testing.proto.Types;
import io.github.otelflink.testing.proto.v2.WriteV2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/** Decodes a received remote-write body (1.0 or 2.0, told apart by Content-Type) into version-independent series. */
final class RemoteWriteDecoding {

    private static final String V2_PROTO = "io.prometheus.write.v2.Request";

    /** A decoded body: exactly one of the requests, or why neither could be decoded. */
    record Decoded(@Nullable Remote.WriteRequest v1, @Nullable WriteV2.Request v2, @Nullable String error) {}

    private RemoteWriteDecoding() {}

    static Decoded decode(Map<String, List<String>> headers, byte[] body) {
        Remote.WriteRequest v1 = null;
        WriteV2.Request v2 = null;
        String error = null;
        try {
            if (isV2(headers)) {
                v2 = RemoteWriteRequests.decodeV2(body);
            } else {
                v1 = RemoteWriteRequests.decode(body);
            }
        } catch (RuntimeException e) {
            error = String.valueOf(e.getCause() != null ? e.getCause() : e);
        }
        return new Decoded(v1, v2, error);
    }

    /** True when the Content-Type names the remote write 2.0 message. */
    static boolean isV2(Map<String, List<String>> headers) {
        List<String> contentType = headers.getOrDefault("Content-Type", List.of());
        return contentType.stream().anyMatch(value -> value.contains(V2_PROTO));
    }

    /** The series of whichever request is non-null (empty if both are null). */
    static List<Series> series(@Nullable Remote.WriteRequest writeRequest, @Nullable WriteV2.Request writeRequestV2) {
        List<Series> result = new ArrayList<>();
        if (writeRequest != null) {
            for (Types.TimeSeries ts : writeRequest.getTimeseriesList()) {
                List<String> names = ts.getLabelsList().stream().map(Types.Label::getName).toList();
                List<Point> samples = ts.getSamplesList().stream()
                        .map(s -> new Point(s.getTimestamp(), s.getValue())).toList();
                List<HistogramPoint> histograms = ts.getHistogramsList().stream()
                        .map(h -> new HistogramPoint(h.getTimestamp(), h.toBuilder().clearTimestamp().build()))
                        .toList();
                result.add(new Series(names, RemoteWriteRequests.labels(ts), samples, histograms));
            }
        } else if (writeRequestV2 != null) {
            for (WriteV2.TimeSeries ts : writeRequestV2.getTimeseriesList()) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i + 1 < ts.getLabelsRefsCount(); i += 2) {
                    names.add(writeRequestV2.getSymbols(ts.getLabelsRefs(i)));
                }
                List<Point> samples = ts.getSamplesList().stream()
                        .map(s -> new Point(s.getTimestamp(), s.getValue())).toList();
                List<HistogramPoint> histograms = ts.getHistogramsList().stream()
                        .map(h -> new HistogramPoint(h.getTimestamp(), h.toBuilder().clearTimestamp().build()))
                        .toList();
                List<Long> starts = ts.getSamplesList().stream().map(WriteV2.Sample::getStartTimestamp).toList();
                result.add(new Series(List.copyOf(names), RemoteWriteRequests.labels(writeRequestV2, ts),
                        samples, histograms, starts));
            }
        }
        return result;
    }
}

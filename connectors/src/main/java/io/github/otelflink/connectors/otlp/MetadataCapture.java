package io.github.otelflink.connectors.otlp;

import io.grpc.Metadata;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which request headers (HTTP) or metadata keys (gRPC) a server captures as the request's client
 * metadata ({@code include_metadata}). Only the keys the pipeline reads are captured, not every
 * header as the Collector does: that costs nothing for the headers nobody reads, and credentials
 * such as {@code Authorization} never travel with the data (or into checkpoints).
 */
final class MetadataCapture {

    static final MetadataCapture NONE = new MetadataCapture(Set.of());

    private final String[] names;
    private final Metadata.Key<String>[] grpcKeys;

    @SuppressWarnings("unchecked")
    MetadataCapture(Set<String> keys) {
        List<String> lower = new ArrayList<>();
        List<Metadata.Key<String>> grpc = new ArrayList<>();
        for (String key : keys) {
            String name = key.toLowerCase(Locale.ROOT);
            lower.add(name);
            if (!name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                try {
                    grpc.add(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
                } catch (IllegalArgumentException e) {
                    // Not a valid gRPC key: no gRPC client can send it, so there is nothing to capture.
                }
            }
        }
        this.names = lower.toArray(new String[0]);
        this.grpcKeys = grpc.toArray(new Metadata.Key[0]);
    }

    boolean isEmpty() {
        return names.length == 0;
    }

    /** The captured headers of an HTTP request (names compared case-insensitively); empty when none. */
    Map<String, List<String>> from(HttpHeaders headers) {
        if (names.length == 0) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : names) {
            List<String> values = headers.getAll(name);
            if (!values.isEmpty()) {
                out.put(name, values);
            }
        }
        return out;
    }

    /** The captured metadata of a gRPC call; empty when none. */
    Map<String, List<String>> from(Metadata headers) {
        if (grpcKeys.length == 0) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Metadata.Key<String> key : grpcKeys) {
            Iterable<String> values = headers.getAll(key);
            if (values != null) {
                List<String> list = new ArrayList<>();
                values.forEach(list::add);
                out.put(key.name(), list);
            }
        }
        return out;
    }
}

package io.github.otelflink.it.pipeline;

import io.github.otelflink.testing.FaultInjectingReceiver;
import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * OTLP/JSON requests for the tenant-routing tests: {@code series} gauge series {@code tenant_gauge}
 * (attribute {@code k} = 0..series-1) in tenant {@code a} with value i and in tenant {@code b} with
 * value i + 0.5, request i at {@code t0 + i * 100 ms}; the tenant is the resource attribute
 * {@code tenant.id}.
 */
final class TwoTenantGauges {
    private final int series;

    TwoTenantGauges(int series) {
        this.series = series;
    }

    /** Request {@code i}, both tenants' series. */
    String request(long t0, int i) {
        long t = (t0 + i * 100L) * 1_000_000L;
        return """
                {"resourceMetrics": [%s, %s]}
                """.formatted(resource("a", t, i), resource("b", t, i + 0.5));
    }

    /** {@code "k:i"} for every series k of requests {@code [from, to)}. */
    Set<String> expected(int from, int to) {
        Set<String> set = new TreeSet<>();
        for (int k = 0; k < series; k++) {
            for (int i = from; i < to; i++) {
                set.add(k + ":" + i);
            }
        }
        return set;
    }

    /**
     * The samples the receiver accepted (2xx) in requests whose {@code header} names {@code
     * tenant}, as {@code "k:i"} ({@link #expected}'s form).
     */
    static Set<String> accepted(FaultInjectingReceiver receiver, String header, String tenant) {
        Set<String> samples = new TreeSet<>();
        for (RecordedRequest r : receiver.requests()) {
            if (tenant.equals(r.header(header)) && r.response() != null && r.response().status() / 100 == 2) {
                r.series().forEach(s -> s.samples().forEach(p -> samples.add(s.labels().get("k") + ":" + (int) Math.floor(p.value()))));
            }
        }
        return samples;
    }

    private String resource(String tenant, long timeNanos, double value) {
        List<String> points = new ArrayList<>();
        for (int k = 0; k < series; k++) {
            points.add("""
                    {"timeUnixNano": "%d", "asDouble": %s, "attributes": [{"key": "k", "value": {"stringValue": "%d"}}]}
                    """.formatted(timeNanos, value, k));
        }
        return """
                {"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}},
                                             {"key": "tenant.id", "value": {"stringValue": "%s"}}]},
                 "scopeMetrics": [{"metrics": [{"name": "tenant_gauge", "gauge": {"dataPoints": [%s]}}]}]}
                """.formatted(tenant, String.join(",", points));
    }
}

package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.CUMULATIVE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.DELTA;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.T0;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.attrs;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.doublePoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.exemplar;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.gauge;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.intPoint;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.resource;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.Otlp.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gauges and sums. */
class NumberTranslationTest {
    private static final TranslationConfig NO_TARGET_INFO = TranslationConfig.defaults().withTargetInfoEnabled(false);

    private static List<String> lines(Metric... metrics) {
        return Emitted.translateToLines(NO_TARGET_INFO, resource(attrs("service.name", "svc"), metrics));
    }

    @Test
    void gaugeIsOneSampleNamedWithUnit() {
        assertThat(lines(gauge("process.memory.usage", "By", doublePoint(1024.5, "state", "used"))))
                .containsExactly("process_memory_usage_bytes{job=\"svc\",state=\"used\"} 1024.5 @1700000000000");
    }

    @Test
    void intAndDoubleValues() {
        assertThat(lines(gauge("g", "", intPoint(-3), doublePoint(0.25, "a", "b"))))
                .containsExactly("g{job=\"svc\"} -3 @1700000000000", "g{a=\"b\",job=\"svc\"} 0.25 @1700000000000");
    }

    @Test
    void cumulativeMonotonicSumIsACounter() {
        assertThat(lines(sum("http.server.requests", "{request}", true, CUMULATIVE,
                        intPoint(10, "code", "200").setStartTimeUnixNano(T0 - 60_000_000_000L))))
                .containsExactly("http_server_requests_total{code=\"200\",job=\"svc\"} 10 @1700000000000");
    }

    @Test
    void nonMonotonicSumIsAGaugeWithoutTotal() {
        assertThat(lines(sum("queue.size", "{item}", false, CUMULATIVE, intPoint(4))))
                .containsExactly("queue_size{job=\"svc\"} 4 @1700000000000");
    }

    @Test
    void deltaSumsAreKeptAndFlagged() {
        List<Emitted> out = Emitted.translate(NO_TARGET_INFO, resource(attrs("service.name", "svc"),
                sum("requests", "1", true, DELTA, intPoint(3).setStartTimeUnixNano(T0 - 10_000_000_000L)),
                sum("inflight", "1", false, DELTA, intPoint(-1)),
                sum("requests.cumulative", "1", true, CUMULATIVE, intPoint(3)),
                gauge("temperature", "Cel", doublePoint(21))));
        assertThat(Emitted.lines(out)).containsExactly(
                "requests_total{job=\"svc\"} 3 @1700000000000 delta",
                "inflight{job=\"svc\"} -1 @1700000000000 delta",
                "requests_cumulative_total{job=\"svc\"} 3 @1700000000000",
                "temperature_celsius{job=\"svc\"} 21 @1700000000000");
    }

    @Test
    void unspecifiedTemporalityIsDroppedAndCounted() {
        OtlpTranslator translator = new OtlpTranslator(NO_TARGET_INFO);
        List<Emitted> out = new ArrayList<>();
        translator.translate(resource(attrs("service.name", "svc"),
                        sum("x", "", true, AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED, intPoint(1), intPoint(2)),
                        Metric.newBuilder().setName("no_data").build(),
                        gauge("$$$", "", intPoint(1)),
                        gauge("no_value", "", NumberDataPoint.newBuilder().setTimeUnixNano(T0))),
                (s, d) -> out.add(new Emitted(s, d)));
        assertThat(out).isEmpty();
        assertThat(translator.dropped(DropReason.UNSPECIFIED_TEMPORALITY)).isEqualTo(2);
        assertThat(translator.dropped(DropReason.NO_DATA)).isEqualTo(1);
        assertThat(translator.dropped(DropReason.INVALID_METRIC_NAME)).isEqualTo(1);
        assertThat(translator.dropped(DropReason.NO_VALUE)).isEqualTo(1);
    }

    @Test
    void noRecordedValueIsTheExactStaleMarker() {
        List<Emitted> out = Emitted.translate(NO_TARGET_INFO, resource(attrs("service.name", "svc"),
                gauge("g", "", doublePoint(5).setFlags(1)),
                sum("c", "", true, CUMULATIVE, intPoint(5).setFlags(1)),
                sum("d", "", true, DELTA, intPoint(5).setFlags(1))));
        assertThat(out).hasSize(3);
        for (Emitted e : out) {
            assertThat(Double.doubleToRawLongBits(e.series().value(0))).isEqualTo(0x7ff0000000000002L);
        }
        assertThat(StaleNaN.isStaleNaN(out.get(0).series().value(0))).isTrue();
        assertThat(Emitted.lines(out)).containsExactly(
                "g{job=\"svc\"} StaleNaN @1700000000000",
                "c_total{job=\"svc\"} StaleNaN @1700000000000",
                "d_total{job=\"svc\"} StaleNaN @1700000000000 delta");
    }

    @Test
    void otherFlagBitsAreNotStale() {
        assertThat(lines(gauge("g", "", doublePoint(5).setFlags(2))))
                .containsExactly("g{job=\"svc\"} 5 @1700000000000");
    }

    @Test
    void timestampIsTruncatedToMilliseconds() {
        assertThat(lines(gauge("g", "", doublePoint(1).setTimeUnixNano(T0 + 999_999L))))
                .containsExactly("g{job=\"svc\"} 1 @1700000000000");
    }

    @Test
    void exemplarsGoWithSumsAndGauges() {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String span = "00f067aa0ba902b7";
        assertThat(lines(
                sum("requests", "", true, CUMULATIVE, intPoint(10)
                        .addExemplars(exemplar(1, trace, span, "user.id", "u-1"))
                        .addExemplars(exemplar(2, null, null).clearAsDouble().setAsInt(7))),
                gauge("latency", "s", doublePoint(0.2)
                        .addExemplars(exemplar(0.2, trace, "0000000000000000")))))
                .containsExactly(
                        "requests_total{job=\"svc\"} 10 @1700000000000 exemplars="
                                + "{span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\",user_id=\"u-1\"} 1 @1699999999995;"
                                + "{} 7 @1699999999995",
                        "latency_seconds{job=\"svc\"} 0.2 @1700000000000 exemplars="
                                + "{trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"} 0.2 @1699999999995");
    }

    @Test
    void exemplarAttributesOnlyWithinTheRuneLimit() {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String span = "00f067aa0ba902b7";
        // trace_id+value = 40, span_id+value = 23: 63 runes; "k" + 65 runes make 129 > 128,
        // "k" + 64 make exactly 128, which is allowed.
        String longValue = "x".repeat(65);
        assertThat(lines(gauge("g", "", doublePoint(1)
                        .addExemplars(exemplar(1, trace, span, "k", longValue))
                        .addExemplars(exemplar(1, trace, span, "k", longValue.substring(1))))))
                .containsExactly("g{job=\"svc\"} 1 @1700000000000 exemplars="
                        + "{span_id=\"" + span + "\",trace_id=\"" + trace + "\"} 1 @1699999999995;"
                        + "{k=\"" + longValue.substring(1) + "\",span_id=\"" + span + "\",trace_id=\"" + trace
                        + "\"} 1 @1699999999995");
    }

    @Test
    void stalePointsCarryNoExemplars() {
        assertThat(lines(gauge("g", "", doublePoint(1).setFlags(1).addExemplars(exemplar(1, null, null)))))
                .containsExactly("g{job=\"svc\"} StaleNaN @1700000000000");
    }
}

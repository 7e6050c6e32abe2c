package io.github.otelflink.job.receiver;

import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.receiver.kafka.KafkaReceiverParser;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverParser;
import io.github.otelflink.job.receiver.prometheus.PrometheusReceiverParser;
import java.util.Map;

/** The receiver types this job supports, by the type name used in ids. */
public final class ReceiverParsers {

    private static final Map<String, ComponentParser<? extends ReceiverConfig>> PARSERS = Map.of(
            "otlp", new OtlpReceiverParser(),
            "kafka", new KafkaReceiverParser(),
            "prometheus", new PrometheusReceiverParser());

    private ReceiverParsers() {}

    /** Parsers keyed by component type. */
    public static Map<String, ComponentParser<? extends ReceiverConfig>> all() {
        return PARSERS;
    }
}

package io.github.otelflink.job.exporter.prometheusremotewrite;

import java.io.Serializable;
import javax.annotation.Nullable;

/**
 * {@code dead_letter} (beyond the Collector): every point the sink drops for good is written as
 * a JSON line to size-rotated files in {@code directory}, one set of files per sink subtask, or
 * as a record to a Kafka topic.
 *
 * @param directory where the files go (created if missing), or null with {@code kafka}
 * @param maxFileBytes {@code rotation.max_megabytes} in bytes: a file is closed at this size
 * @param kafka {@code kafka: {brokers, topic}}, or null with {@code directory}
 */
public record DeadLetterConfig(@Nullable String directory, long maxFileBytes, @Nullable KafkaDeadLetterTarget kafka)
        implements Serializable {
    public static final int DEFAULT_MAX_MEGABYTES = 100;

    /** Files in a directory. */
    public DeadLetterConfig(String directory, long maxFileBytes) {
        this(directory, maxFileBytes, null);
    }
}

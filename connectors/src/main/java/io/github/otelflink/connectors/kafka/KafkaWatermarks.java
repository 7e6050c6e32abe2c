package io.github.otelflink.connectors.kafka;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for the Kafka receiver: a record's time is its Kafka timestamp (when the producer
 * sent it), and each partition's watermark follows the newest timestamp read from it. Flink takes
 * the minimum over partitions, so the keyed series step holds a sample until every partition has
 * been read past the moment it was produced: one series' records spread over several partitions
 * (the Collector's kafka exporter does not key them by series) come out in order even when one
 * partition lags.
 *
 * <p>A partition that has had nothing for {@code idleAfter} advances with the wall clock instead
 * (less {@code idleAfter}), so an empty or quiet partition never holds the others back; a
 * partition with a backlog is never idle, so catching up after a restart keeps the order.
 */
@Internal
public final class KafkaWatermarks implements WatermarkGenerator<ExportMetricsServiceRequest> {
    /** Longer than a producer's usual linger and a fetch's wait, so a quiet partition's next record is not late. */
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(2);

    private final long idleAfterMs;
    private long newest = Long.MIN_VALUE;
    private long lastEventWallClock = System.currentTimeMillis();

    KafkaWatermarks(Duration idleAfter) {
        this.idleAfterMs = idleAfter.toMillis();
    }

    /** The strategy for {@code env.fromSource(KafkaOtlpSource.create(...), KafkaWatermarks.strategy(), ...)}. */
    public static WatermarkStrategy<ExportMetricsServiceRequest> strategy() {
        return strategy(DEFAULT_IDLE_AFTER);
    }

    public static WatermarkStrategy<ExportMetricsServiceRequest> strategy(Duration idleAfter) {
        return WatermarkStrategy.forGenerator(context -> new KafkaWatermarks(idleAfter));
    }

    @Override
    public void onEvent(ExportMetricsServiceRequest event, long timestamp, WatermarkOutput output) {
        newest = Math.max(newest, timestamp);
        lastEventWallClock = System.currentTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = System.currentTimeMillis();
        long watermark = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - 1;
        if (now - lastEventWallClock >= idleAfterMs) {
            watermark = Math.max(watermark, now - idleAfterMs);
        }
        if (watermark != Long.MIN_VALUE) {
            output.emitWatermark(new Watermark(watermark));
        }
    }
}

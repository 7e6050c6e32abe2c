package io.github.otelflink.job.exporter.prometheusremotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RemoteWriteQueue;

import org.junit.jupiter.api.Test;

/** {@code remote_write_queue} maps onto the sink: consumers are lanes, {@code queue_size} bounds buffered samples. */
class RemoteWriteSinkFactoryTest {
    @Test
    void queueSizeBoundsBufferedSamplesButLeavesRoomForTwoBatchesPerConsumer() {
        assertThat(RemoteWriteSinkFactory.bufferedSamples(new RemoteWriteQueue(true, 50_000, 4), 2000)).isEqualTo(50_000);
        assertThat(RemoteWriteSinkFactory.bufferedSamples(new RemoteWriteQueue(true, 10_000, 20), 2000)).isEqualTo(80_000);
        assertThat(RemoteWriteSinkFactory.bufferedSamples(new RemoteWriteQueue(true, 10_000, 1), 8192)).isEqualTo(16_384);
    }
}

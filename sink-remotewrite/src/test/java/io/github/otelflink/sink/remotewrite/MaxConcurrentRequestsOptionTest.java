package io.github.otelflink.sink.remotewrite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaxConcurrentRequestsOptionTest {
    private static PrometheusRemoteWriteSinkBuilder builder() {
        return PrometheusRemoteWriteSink.builder().endpoint("http://localhost:9090/api/v1/write");
    }

    @Test
    void defaultsToOneRequestInFlightAndTheOldBuffer() {
        RemoteWriteSinkConfig config = builder().build().config();
        assertThat(config.maxConcurrentRequests()).isEqualTo(1);
        assertThat(config.maxBufferedSamples()).isEqualTo(20_000);
    }

    @Test
    void acceptsOneTo256AndRefusesTheRestNamingTheOption() {
        assertThat(builder().maxConcurrentRequests(256).build().config().maxConcurrentRequests()).isEqualTo(256);
        assertThatThrownBy(() -> builder().maxConcurrentRequests(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrentRequests must be between 1 and 256").hasMessageContaining("got 0");
        assertThatThrownBy(() -> builder().maxConcurrentRequests(257))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 257");
    }

    @Test
    void theDefaultBufferHoldsTwoBatchesPerLane() {
        assertThat(builder().maxConcurrentRequests(20).build().config().maxBufferedSamples()).isEqualTo(80_000);
        assertThat(builder().maxConcurrentRequests(20).maxBufferedSamples(5000).build().config().maxBufferedSamples())
                .as("an explicit bound (the Collector's queue_size) is kept").isEqualTo(5000);
    }
}

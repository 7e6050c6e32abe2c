package io.github.otelflink.connectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ScrapeReaderTest {

    private static final ScrapeOptions OPTIONS = ScrapeOptions.of(ScrapeTarget.of("a", "http://127.0.0.1:1/metrics"));

    @Test
    void otherSubtasksStayIdle() throws Exception {
        ScrapeReader reader = new ScrapeReader(OPTIONS, 1);
        reader.start();
        CompletableFuture<Void> available = reader.isAvailable();
        assertThat(available).isNotDone();
        reader.close();
        assertThat(available).isDone();
    }

    @Test
    void queueHandsOverAndCompletesAvailability() throws Exception {
        ScrapeReader reader = new ScrapeReader(OPTIONS, 1);
        CompletableFuture<Void> available = reader.isAvailable();
        reader.offer(ExportMetricsServiceRequest.getDefaultInstance());
        assertThat(available).isDone();
        assertThat(reader.isAvailable()).isDone();
        reader.close();
    }

    @Test
    void dropsWhenFull() throws Exception {
        ScrapeReader reader = new ScrapeReader(OPTIONS, 1);
        for (int i = 0; i < ScrapeReader.QUEUE_CAPACITY + 5; i++) {
            reader.offer(ExportMetricsServiceRequest.getDefaultInstance());
        }
        assertThat(reader.dropped()).isEqualTo(5);
        reader.close();
    }
}

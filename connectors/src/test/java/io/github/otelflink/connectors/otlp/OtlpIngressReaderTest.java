package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.decode.BlueprintPayloads;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader driven by hand, as Flink's task thread would: poll, snapshot, checkpoint notifications. */
class OtlpIngressReaderTest {

    private static final long T = 1_700_000_000_000_000_000L;
    /**
     * One connection per request in flight, as the Collector's OTLP/HTTP exporter has: over plain
     * HTTP the JDK client's default (HTTP/2 by upgrade) holds a second request until the first is
     * answered.
     */
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final List<ExportMetricsServiceRequest> emitted = new ArrayList<>();
    private OtlpIngressReader reader;
    private final List<OtlpIngressReader> others = new ArrayList<>();

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.close();
        }
        others.forEach(OtlpIngressReader::close);
    }

    @Test
    void readersOfOneSourceShareTheRequestsOfOneConnection() throws Exception {
        // Every request comes in at one reader's port, as all of one gRPC connection's do. The
        // readers of the same source in this JVM take turns: each emits what it was given and
        // answers it after its own checkpoint. A reader of another source gets nothing.
        OtlpIngressOptions options = TestIngress.localOptions().grpc(null).ack(AckMode.CHECKPOINT).build();
        reader = new OtlpIngressReader(options, new FakeReaderContext(), "source-a");
        reader.start();
        OtlpIngressReader sibling = startOther(options, "source-a");
        OtlpIngressReader stranger = startOther(options, "source-b");
        List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(sendAsync());
            int queued = i + 1;
            TestIngress.awaitTrue("request " + queued + " queued", Duration.ofSeconds(10),
                    () -> reader.pendingRequests() + sibling.pendingRequests() == queued);
        }
        // Nobody polled yet: the queue with fewer pending took each one, the receiving reader's on a tie.
        assertThat(reader.pendingRequests()).isEqualTo(3);
        assertThat(sibling.pendingRequests()).isEqualTo(3);
        assertThat(stranger.pendingRequests()).isZero();

        List<ExportMetricsServiceRequest> bySibling = new ArrayList<>();
        pollUntil(sibling, bySibling, 3);
        sibling.snapshotState(1);
        sibling.notifyCheckpointComplete(1);
        TestIngress.awaitTrue("the sibling's three answered", Duration.ofSeconds(10),
                () -> answers.stream().filter(CompletableFuture::isDone).count() == 3);
        pollUntil(reader, emitted, 3);
        assertThat(answers.stream().filter(CompletableFuture::isDone).count()).isEqualTo(3);
        reader.snapshotState(1);
        reader.notifyCheckpointComplete(1);
        for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(stranger.pollNext(new CollectingOutput(new ArrayList<>()))).isEqualTo(InputStatus.NOTHING_AVAILABLE);

        // A closed reader leaves the group: what comes next stays with the reader that is left.
        sibling.close();
        others.remove(sibling);
        CompletableFuture<HttpResponse<byte[]>> after = sendAsync();
        pollUntil(reader, emitted, 4);
        reader.snapshotState(2);
        reader.notifyCheckpointComplete(2);
        assertThat(after.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    private OtlpIngressReader startOther(OtlpIngressOptions options, String sourceId) {
        OtlpIngressReader other = new OtlpIngressReader(options, new FakeReaderContext(), sourceId);
        others.add(other);
        other.start();
        return other;
    }

    private static void pollUntil(OtlpIngressReader r, List<ExportMetricsServiceRequest> out, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (out.size() < count && System.nanoTime() < deadline) {
            r.isAvailable().get(10, TimeUnit.SECONDS);
            r.pollNext(new CollectingOutput(out));
        }
        assertThat(out).hasSize(count);
    }

    /**
     * A client that finds the queue full is answered when the reader frees room, not refused: a
     * refusal costs it the Retry-After pause, while room comes within milliseconds. Requests wait
     * in arrival order.
     */
    @Test
    void aRequestThatFindsTheQueueFullWaitsForRoom() throws Exception {
        // Room for two in the queue and two more waiting.
        reader = startWithSlots(2, Duration.ofSeconds(30));
        assertThat(sendAsync().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(sendAsync().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<byte[]>> waiting = sendAsync();
        TestIngress.awaitTrue("one request waiting", Duration.ofSeconds(10), () -> reader.waitingRequests() == 1);
        CompletableFuture<HttpResponse<byte[]>> behind = sendAsync();
        TestIngress.awaitTrue("two requests waiting", Duration.ofSeconds(10), () -> reader.waitingRequests() == 2);
        assertThat(waiting).isNotDone();

        pollOne();
        assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(behind).isNotDone();
        pollOne();
        assertThat(behind.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(reader.pendingRequests()).isEqualTo(2);
        assertThat(reader.waitingRequests()).isZero();
    }

    /** A request that finds no room for the Retry-After time is refused with 429 after it. */
    @Test
    void aRequestThatFindsNoRoomInTimeIsRefused() throws Exception {
        reader = startWithSlots(1, Duration.ofMillis(300));
        assertThat(sendAsync().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        long start = System.nanoTime();
        HttpResponse<byte[]> refused = sendAsync().get(10, TimeUnit.SECONDS);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(reader.waitingRequests()).isZero();
        pollOne();
        assertThat(emitted).hasSize(1);
    }

    private static OtlpIngressReader startWithSlots(int maxPendingRequests, Duration retryAfter) {
        OtlpIngressReader started = new OtlpIngressReader(TestIngress.localOptions().grpc(null)
                .maxPendingRequests(maxPendingRequests)
                .retryAfter(retryAfter).build(), new FakeReaderContext(), null);
        started.start();
        return started;
    }

    @Test
    void isAvailableOnlyWhenARequestIsQueued() throws Exception {
        reader = start(AckMode.ACCEPTED);
        CompletableFuture<Void> available = reader.isAvailable();
        assertThat(reader.pollNext(new CollectingOutput(emitted))).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(available).isNotDone();

        HttpResponse<byte[]> response = TestIngress.post(metricsUri(), "application/json", BlueprintPayloads.batch(1, T)[0]);

        assertThat(response.statusCode()).isEqualTo(200);
        available.get(10, TimeUnit.SECONDS);
        assertThat(reader.pollNext(new CollectingOutput(emitted))).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(emitted).hasSize(1);
        assertThat(reader.isAvailable()).isNotDone();
    }

    @Test
    void answersEachRequestWhenTheCheckpointAfterItsEmissionCompletes() throws Exception {
        reader = start(AckMode.CHECKPOINT);
        CompletableFuture<HttpResponse<byte[]>> first = sendAsync();
        pollOne();
        reader.snapshotState(1);
        CompletableFuture<HttpResponse<byte[]>> second = sendAsync();
        pollOne();
        reader.snapshotState(2);
        CompletableFuture<HttpResponse<byte[]>> third = sendAsync();
        pollOne();

        reader.notifyCheckpointComplete(1);
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second).isNotDone();

        // Checkpoint 2 aborted: its data is in checkpoint 3, which completes.
        reader.notifyCheckpointAborted(2);
        reader.snapshotState(3);
        reader.notifyCheckpointComplete(3);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(third.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void closingAnswersWaitingClientsWith503() throws Exception {
        reader = start(AckMode.CHECKPOINT);
        CompletableFuture<HttpResponse<byte[]>> emittedNotCheckpointed = sendAsync();
        pollOne();
        CompletableFuture<HttpResponse<byte[]>> queued = sendAsync();
        TestIngress.awaitTrue("the second request to be queued", Duration.ofSeconds(10), () -> reader.isAvailable().isDone());

        reader.close();
        reader = null;

        assertThat(emittedNotCheckpointed.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        assertThat(queued.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }

    private OtlpIngressReader start(AckMode ack) {
        OtlpIngressReader started = new OtlpIngressReader(TestIngress.localOptions().grpc(null).ack(ack).build(),
                new FakeReaderContext(), null);
        started.start();
        return started;
    }

    /**
     * Polls as a source task does until one more request is emitted: an availability future may
     * complete before the request is queued (Flink's contract allows it), so one poll may find
     * nothing.
     */
    private void pollOne() throws Exception {
        int before = emitted.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emitted.size() == before && System.nanoTime() < deadline) {
            reader.isAvailable().get(10, TimeUnit.SECONDS);
            reader.pollNext(new CollectingOutput(emitted));
        }
        assertThat(emitted).hasSize(before + 1);
    }

    private CompletableFuture<HttpResponse<byte[]>> sendAsync() {
        return HTTP_1_1.sendAsync(HttpRequest.newBuilder(metricsUri()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(BlueprintPayloads.batch(1, T)[0])).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI metricsUri() {
        return URI.create("http://127.0.0.1:" + reader.servers().httpAddress().getPort() + "/v1/metrics");
    }

    private static final class CollectingOutput implements ReaderOutput<ExportMetricsServiceRequest> {
        private final List<ExportMetricsServiceRequest> into;

        CollectingOutput(List<ExportMetricsServiceRequest> into) {
            this.into = into;
        }

        @Override
        public void collect(ExportMetricsServiceRequest record) {
            into.add(record);
        }

        @Override
        public void collect(ExportMetricsServiceRequest record, long timestamp) {
            into.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}

        @Override
        public SourceOutput<ExportMetricsServiceRequest> createOutputForSplit(String splitId) {
            return this;
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }

    private static final class FakeReaderContext implements SourceReaderContext {
        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}

package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ExportWaitersTest {
    private final List<String> answers = new CopyOnWriteArrayList<>();

    @Test
    void waitingRequestsTakeFreedRoomInArrivalOrder() {
        ExportQueue queue = new ExportQueue(1);
        ExportWaiters waiters = new ExportWaiters(4, 60_000);
        PendingExport first = export();
        assertThat(queue.offer(first)).isEqualTo(ExportQueue.OfferResult.QUEUED);
        PendingExport second = export();
        PendingExport third = export();
        assertThat(waiters.park(() -> queue.offer(second), r -> answers.add("second " + r))).isTrue();
        assertThat(waiters.park(() -> queue.offer(third), r -> answers.add("third " + r))).isTrue();
        assertThat(answers).isEmpty();
        assertThat(waiters.hasWaiting()).isTrue();

        assertThat(queue.poll()).isSameAs(first);
        waiters.roomAvailable();
        assertThat(answers).containsExactly("second QUEUED");
        assertThat(queue.poll()).isSameAs(second);
        waiters.roomAvailable();
        assertThat(answers).containsExactly("second QUEUED", "third QUEUED");
        assertThat(queue.poll()).isSameAs(third);
        assertThat(waiters.hasWaiting()).isFalse();
    }

    @Test
    void aFullWaitingRoomRefusesAtOnce() {
        ExportQueue queue = new ExportQueue(1);
        queue.offer(export());
        ExportWaiters waiters = new ExportWaiters(1, 60_000);
        assertThat(waiters.park(() -> queue.offer(export()), r -> answers.add("a " + r))).isTrue();
        assertThat(waiters.park(() -> queue.offer(export()), r -> answers.add("b " + r))).isFalse();
        assertThat(new ExportWaiters(4, 0).park(() -> queue.offer(export()), r -> answers.add("c " + r))).isFalse();
        assertThat(answers).isEmpty();
    }

    @Test
    void aRequestThatWaitedTooLongIsRefusedAsFull() {
        ExportQueue queue = new ExportQueue(1);
        queue.offer(export());
        ExportWaiters waiters = new ExportWaiters(4, 50);
        assertThat(waiters.park(() -> queue.offer(export()), r -> answers.add("late " + r))).isTrue();

        TestIngress.awaitTrue("the wait to end", Duration.ofSeconds(10), () -> !answers.isEmpty());
        assertThat(answers).containsExactly("late FULL");
        assertThat(waiters.hasWaiting()).isFalse();
        queue.poll();
        waiters.roomAvailable();
        assertThat(queue.size()).isZero();
    }

    @Test
    void closingAnswersWaitingRequestsClosedAndParksNoMore() {
        ExportQueue queue = new ExportQueue(1);
        queue.offer(export());
        ExportWaiters waiters = new ExportWaiters(4, 60_000);
        waiters.park(() -> queue.offer(export()), r -> answers.add("waiting " + r));

        waiters.close();

        assertThat(answers).containsExactly("waiting CLOSED");
        assertThat(waiters.park(() -> queue.offer(export()), r -> answers.add("after " + r))).isFalse();
    }

    private static PendingExport export() {
        return new PendingExport(ExportMetricsServiceRequest.getDefaultInstance(),
                ExportMetricsServiceResponse.getDefaultInstance(), null);
    }
}

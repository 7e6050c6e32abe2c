package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import org.junit.jupiter.api.Test;

class ExportQueueGroupTest {

    @Test
    void offersToTheLeastLoadedOpenQueueAndItsOwnOnATie() {
        ExportQueue own = new ExportQueue(2);
        ExportQueue other = new ExportQueue(2);
        ExportQueueGroup group = ExportQueueGroup.join("group-test", own, 0, 0);
        assertThat(ExportQueueGroup.join("group-test", other, 0, 0)).isSameAs(group);

        assertThat(group.offer(own, export())).isEqualTo(ExportQueue.OfferResult.QUEUED);
        assertThat(own.size()).isEqualTo(1);
        assertThat(group.offer(own, export())).isEqualTo(ExportQueue.OfferResult.QUEUED);
        assertThat(other.size()).isEqualTo(1);
        assertThat(group.offer(other, export())).isEqualTo(ExportQueue.OfferResult.QUEUED);
        assertThat(other.size()).isEqualTo(2);
        // The other queue is full: the offer goes to the own one, then nowhere.
        assertThat(group.offer(other, export())).isEqualTo(ExportQueue.OfferResult.QUEUED);
        assertThat(own.size()).isEqualTo(2);
        assertThat(group.offer(own, export())).isEqualTo(ExportQueue.OfferResult.FULL);

        own.poll();
        other.close();
        assertThat(group.offer(other, export())).isEqualTo(ExportQueue.OfferResult.QUEUED);
        assertThat(own.size()).isEqualTo(2);
        own.close();
        assertThat(group.offer(own, export())).isEqualTo(ExportQueue.OfferResult.CLOSED);

        group.leave(own);
        assertThat(group.size()).isEqualTo(1);
        group.leave(other);
        assertThat(group.size()).isZero();
        // The last to leave takes the group with it: a new member starts a new one.
        ExportQueue later = new ExportQueue(1);
        ExportQueueGroup next = ExportQueueGroup.join("group-test", later, 0, 0);
        assertThat(next).isNotSameAs(group);
        assertThat(next.size()).isEqualTo(1);
        next.leave(later);
    }

    private static PendingExport export() {
        return new PendingExport(ExportMetricsServiceRequest.getDefaultInstance(),
                ExportMetricsServiceResponse.getDefaultInstance(), null);
    }
}

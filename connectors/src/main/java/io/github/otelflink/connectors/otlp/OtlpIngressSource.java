package io.github.otelflink.connectors.otlp;

import io.github.otelflink.connectors.NoSplit;
import io.github.otelflink.connectors.UnsplitOtlpSource;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;

/**
 * An unbounded Flink source that is an OTLP metrics receiver, like the Collector's {@code otlp}
 * receiver: OTLP/gRPC ({@code MetricsService/Export}, default {@code 0.0.0.0:4317}) and OTLP/HTTP
 * ({@code POST /v1/metrics}, default {@code 0.0.0.0:4318}, protobuf or JSON, optionally gzip),
 * each with optional TLS or mTLS and bearer token, plus a health check ({@code GET /} on
 * {@code 0.0.0.0:13133}). It emits each export request as one {@link ExportMetricsServiceRequest}
 * record, typed with {@link OtlpMetricsTypeInfo}.
 *
 * <pre>{@code
 * DataStream<ExportMetricsServiceRequest> requests = env.fromSource(
 *         new OtlpIngressSource(OtlpIngressOptions.builder().ack(AckMode.CHECKPOINT).build()),
 *         WatermarkStrategy.noWatermarks(), "otlp");
 * }</pre>
 *
 * <h2>How it works</h2>
 *
 * <ul>
 *   <li>Every reader (source subtask) starts its own servers in {@code start()} and stops them in
 *       {@code close()}. There are no splits and no state: what a client sent is the reader's to
 *       emit, and nothing can be re-read after a failure.
 *   <li><b>Parallelism above 1 on one host:</b> all readers bind the same ports with {@code
 *       SO_REUSEPORT}, and the kernel (Linux, macOS) spreads new connections over them. Clients see
 *       one endpoint whatever the parallelism. The readers of one source in one JVM (a task
 *       manager's slots) share the requests, not only the connections: each admitted request is
 *       queued on the reader with the fewest pending ({@link ExportQueueGroup}), so one gRPC
 *       connection keeps every local subtask busy. Across task managers, connections are spread
 *       by whatever balances them (a Kubernetes Service).
 *       The flip side: a second job (or process of the same OS user) listening on the same port
 *       shares its traffic instead of failing with "address in use"; give each job its own ports.
 *   <li>Server threads decode requests (errors answered 400 / {@code INVALID_ARGUMENT} naming the
 *       bad field, the job unaffected), remove unusable data points (reported in {@code
 *       partial_success}), and offer the rest to a bounded queue of {@code maxPendingRequests}. The
 *       reader drains it in {@code pollNext} and sleeps on its availability future when it is
 *       empty.
 *   <li><b>Backpressure:</b> when the job is slower than its input the queue fills, and new
 *       requests wait for room, their answers held (up to {@code maxPendingRequests} more, each
 *       at most the {@code Retry-After} time), so that each client sends at the job's pace; a
 *       request that finds no room is refused with 429 and {@code Retry-After} (gRPC {@code
 *       RESOURCE_EXHAUSTED} with {@code RetryInfo}), which OTLP clients retry. Nothing is held
 *       beyond the queue and the waiting requests.
 *   <li><b>Acknowledgement:</b> with {@link AckMode#ACCEPTED} (default) a client is answered once its
 *       request is queued; a failure loses what was queued or in flight. With {@link
 *       AckMode#CHECKPOINT} it is answered only after a checkpoint taken after its data was emitted
 *       completes; a client whose data did not make it into a checkpoint gets 503 / {@code
 *       UNAVAILABLE} (or no answer, if the process died) and retries: at-least-once without Kafka.
 *   <li><b>Limits</b> (the Collector's): gRPC messages 4 MiB, HTTP bodies 20 MiB counted on the
 *       decompressed body too (413 for a gzip bomb), idle connections closed after 1 minute, TLS 1.2
 *       or newer.
 *   <li><b>Metrics</b> on the reader's group: {@code otelcol_receiver_accepted_metric_points},
 *       {@code otelcol_receiver_refused_metric_points} (both by {@code transport}), {@code
 *       requests_total} by {@code transport} and {@code code}, {@code pending_requests} and
 *       {@code waiting_requests}.
 * </ul>
 *
 * <p>Not done: certificate reloading (restart the job to pick up new files), {@code zstd},
 * {@code snappy} and {@code lz4} bodies, and CORS.
 */
@PublicEvolving
public final class OtlpIngressSource extends UnsplitOtlpSource {
    private static final long serialVersionUID = 1L;

    private final OtlpIngressOptions options;
    /** Drawn once where the job is built and shared by every subtask: their queues share requests ({@link ExportQueueGroup}). */
    private final String id = UUID.randomUUID().toString();

    /** A source with {@code options}, checked now: the exception lists every invalid setting. */
    public OtlpIngressSource(OtlpIngressOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        List<String> errors = options.validate();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid OTLP ingress options: " + String.join("; ", errors));
        }
    }

    public OtlpIngressOptions options() {
        return options;
    }

    @Override
    public SourceReader<ExportMetricsServiceRequest, NoSplit> createReader(SourceReaderContext context) {
        return new OtlpIngressReader(options, context, id);
    }
}

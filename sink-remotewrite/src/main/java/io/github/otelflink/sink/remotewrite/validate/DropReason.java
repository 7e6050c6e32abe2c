package io.github.otelflink.sink.remotewrite.validate;

import org.apache.flink.annotation.PublicEvolving;

/**
 * Why the sink did not deliver a point. The {@link #label()} is the value of the {@code reason}
 * label on {@code samples_dropped_total}.
 */
@PublicEvolving
public enum DropReason {
    /** {@code __name__} missing or not {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    INVALID_METRIC_NAME("invalid_metric_name"),
    /** A label name that is empty or not {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    INVALID_LABEL_NAME("invalid_label_name"),
    /** The same label name twice in one series (Prometheus answers 500 to that). */
    DUPLICATE_LABEL_NAME("duplicate_label_name"),
    /** A stale marker where it cannot be: an exemplar value, or a histogram that has buckets. */
    STALE_MARKER_MISUSE("stale_marker_misuse"),
    /** A point not newer than the one before it in the same series. */
    OUT_OF_ORDER("out_of_order"),
    /** The receiver rejected the point with a permanent (non-retryable) answer. */
    REJECTED("rejected"),
    /**
     * The receiver already holds another value at the same timestamp ("duplicate sample for
     * timestamp"). A replay after a restore sends the same value, which the receiver accepts or
     * answers "out of order": a different value is a conflict the sink cannot resolve.
     */
    DUPLICATE_SAMPLE("duplicate_sample"),
    /** The receiver rejected the point as older than its head block ("out of bounds"). */
    TOO_OLD("too_old"),
    /** Retries ran out (max elapsed time) while the receiver kept failing or was unreachable. */
    RETRIES_EXHAUSTED("retries_exhausted"),
    /** A tenant beyond the most tenants a sink subtask sends for ({@code TenantRouting.maxTenants}). */
    TENANT_LIMIT("tenant_limit"),
    /** A tenant name that cannot be a header value (see {@code TenantRouting.isValidTenant}). */
    INVALID_TENANT("invalid_tenant"),
    /**
     * A new point of a tenant whose requests are failing (429, 5xx, outage) and whose backlog
     * holds its share of the subtask's buffer, while another tenant of the subtask is delivered:
     * dropped so that the outage of one tenant does not backpressure the others.
     */
    TENANT_BACKLOG("tenant_backlog");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

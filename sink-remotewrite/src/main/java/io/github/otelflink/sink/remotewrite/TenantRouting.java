package io.github.otelflink.sink.remotewrite;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Objects;

/**
 * Routing by tenant inside one sink: each series names its tenant in one label ({@link #label()},
 * {@value #DEFAULT_LABEL} by default), each request carries the series of one tenant only, with
 * the tenant in one header ({@link #header()}, e.g. {@code X-Scope-OrgID} for Mimir, Cortex and
 * Thanos), and the routing label itself is not sent. Each tenant has its own lanes in every sink
 * subtask, so a tenant whose requests are retried (429, 5xx, outage) does not hold back the
 * others; while another tenant is delivered, such a tenant may hold at most half of the
 * subtask's buffer, and its further points are dropped and counted ({@code tenant_backlog}).
 *
 * <p>A series without the label belongs to {@link #defaultTenant()}. A sink subtask sends for at
 * most {@link #maxTenants()} tenants (the default tenant among them); the points of further
 * tenants are dropped and counted ({@code tenant_limit}), as are the points of a tenant whose name
 * cannot be a header value ({@code invalid_tenant}: not 1 to 150 printable ASCII characters
 * without spaces).
 *
 * @param label the label that names a series' tenant; it is part of the series' identity
 *     (fingerprint, lanes) and left out of what is sent
 * @param header the request header that carries the tenant
 * @param defaultTenant the tenant of series without the label
 * @param maxTenants the most tenants one sink subtask sends for
 */
@PublicEvolving
public record TenantRouting(String label, String header, String defaultTenant, int maxTenants)
        implements Serializable {

    /** A reserved name ({@code __}…{@code __}): no translated attribute can take it by accident. */
    public static final String DEFAULT_LABEL = "__tenant_id__";
    /** The header Mimir, Cortex, Loki and Thanos' receive read the tenant from. */
    public static final String DEFAULT_HEADER = "X-Scope-OrgID";
    /** The longest tenant name sent (Mimir's and Cortex' limit). */
    public static final int MAX_TENANT_LENGTH = 150;

    public TenantRouting {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(defaultTenant, "defaultTenant");
        if (label.isEmpty()) {
            throw new IllegalArgumentException("tenant label must not be empty");
        }
        if (header.isEmpty()) {
            throw new IllegalArgumentException("tenant header must not be empty");
        }
        if (!isValidTenant(defaultTenant)) {
            throw new IllegalArgumentException("default tenant must be 1 to " + MAX_TENANT_LENGTH
                    + " printable ASCII characters without spaces, got \"" + defaultTenant + "\"");
        }
        if (maxTenants < 1) {
            throw new IllegalArgumentException("max tenants must be at least 1, got " + maxTenants);
        }
    }

    /** Whether {@code tenant} can be sent as a header value: 1 to 150 printable ASCII characters, no spaces. */
    public static boolean isValidTenant(String tenant) {
        int n = tenant.length();
        if (n == 0 || n > MAX_TENANT_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = tenant.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}

package io.github.otelflink.job.exporter.prometheusremotewrite;

import java.io.Serializable;
import javax.annotation.Nullable;

/**
 * Routing by tenant inside this exporter (beyond the Collector, which needs one exporter per
 * tenant or {@code headers_setter}). Each resource's tenant is the value of {@code
 * resource_attribute}, or each request's tenant the value of the client's request header (metadata
 * key) {@code from_context} (a receiver of the pipeline needs {@code include_metadata}); {@code
 * default} when absent or empty. Every request carries the
 * series of one tenant and names it in {@code header}; the same labels in two tenants are two
 * series; each tenant has its own lanes in every sink subtask, so one tenant's 429s or outage
 * do not hold back the others (until its backlog fills the subtask's {@code queue_size}). The
 * attribute does not become a label unless {@code keep_attribute}. A sink subtask sends for at
 * most {@code max_tenants} tenants, the default one included: the points of further tenants
 * are dropped and counted ({@code reason="tenant_limit"}), never sent to another tenant.
 * A {@code headers_setter} entry {@code from_context} on the exporter's tenant header is read
 * into this same routing by the loader.
 *
 * @param resourceAttribute the resource attribute that names the tenant, or null with {@code fromContext}
 * @param header the request header set to the tenant
 * @param defaultTenant the tenant of resources without the attribute
 * @param maxTenants the most tenants one sink subtask sends for
 * @param keepAttribute whether the attribute still goes where resource attributes go
 *     ({@code target_info}, {@code resource_to_telemetry_conversion})
 * @param fromContext the client metadata key (request header) that names the tenant, or null with
 *     {@code resourceAttribute}; exactly one of the two is set
 */
public record TenantRoutingConfig(@Nullable String resourceAttribute, String header, String defaultTenant,
        int maxTenants, boolean keepAttribute, @Nullable String fromContext) implements Serializable {

    public static final String DEFAULT_HEADER = "X-Scope-OrgID";
    public static final String DEFAULT_TENANT = "anonymous";
    public static final int DEFAULT_MAX_TENANTS = 100;

    public TenantRoutingConfig {
        if ((resourceAttribute == null) == (fromContext == null)) {
            throw new IllegalArgumentException("exactly one of resourceAttribute and fromContext");
        }
    }

    /** Routing by a resource attribute. */
    public TenantRoutingConfig(String resourceAttribute, String header, String defaultTenant, int maxTenants,
            boolean keepAttribute) {
        this(resourceAttribute, header, defaultTenant, maxTenants, keepAttribute, null);
    }

    /** Routing by the client's request header (metadata key) {@code fromContext}. */
    public static TenantRoutingConfig fromContext(String fromContext, String header, String defaultTenant,
            int maxTenants) {
        return new TenantRoutingConfig(null, header, defaultTenant, maxTenants, false, fromContext);
    }
}

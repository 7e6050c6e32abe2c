package io.github.otelflink.job.exporter.prometheusremotewrite;

import java.io.Serializable;

/**
 * Routing by tenant inside this exporter (beyond the Collector, which needs one exporter per
 * tenant or {@code headers_setter}). Each resource's tenant is the value of {@code
 * resource_attribute} ({@code default} when absent or empty); every request carries the
 * series of one tenant and names it in {@code header}; the same labels in two tenants are two
 * series; each tenant has its own lanes in every sink subtask, so one tenant's 429s or outage
 * do not hold back the others (until its backlog fills the subtask's {@code queue_size}). The
 * attribute does not become a label unless {@code keep_attribute}. A sink subtask sends for at
 * most {@code max_tenants} tenants, the default one included: the points of further tenants
 * are dropped and counted ({@code reason="tenant_limit"}), never sent to another tenant.
 *
 * @param resourceAttribute the resource attribute that names the tenant
 * @param header the request header set to the tenant
 * @param defaultTenant the tenant of resources without the attribute
 * @param maxTenants the most tenants one sink subtask sends for
 * @param keepAttribute whether the attribute still goes where resource attributes go
 *     ({@code target_info}, {@code resource_to_telemetry_conversion})
 */
public record TenantRoutingConfig(String resourceAttribute, String header, String defaultTenant, int maxTenants,
        boolean keepAttribute) implements Serializable {

    public static final String DEFAULT_HEADER = "X-Scope-OrgID";
    public static final String DEFAULT_TENANT = "anonymous";
    public static final int DEFAULT_MAX_TENANTS = 100;
}

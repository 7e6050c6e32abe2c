package io.github.otelflink.job.extension.sigv4auth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import java.io.Serializable;
import java.time.Duration;
import javax.annotation.Nullable;

/**
 * The Collector's {@code sigv4auth} extension: an exporter that names it in {@code auth.authenticator}
 * signs every request with AWS Signature Version 4 (Amazon Managed Service for Prometheus). Read by
 * {@link SigV4AuthExtensionParser}; credentials come from the AWS SDK's default chain on the task
 * managers, or from STS with {@code assume_role}.
 * <pre>
 * extensions:
 *   sigv4auth:
 *     region: us-west-2        # default: from the endpoint host (aps-workspaces.&lt;region&gt;.amazonaws.com)
 *     service: aps             # default: from the endpoint host, else aps
 *     assume_role:
 *       arn: arn:aws:iam::123456789012:role/prometheus-writer
 *       session_name: otel-flink   # default: otel-flink-&lt;time&gt;
 *       sts_region: us-east-1      # default: region
 *       external_id: my-id
 *       session_duration: 15m
 * </pre>
 *
 * @param id the extension id
 * @param region the signing region, or null to take it from each exporter's endpoint
 * @param service the signing service, or null to take it from each exporter's endpoint (else {@code aps})
 * @param assumeRole the role to assume through STS, or null for the default credential chain's own
 */
public record SigV4AuthExtensionConfig(ComponentId id, @Nullable String region, @Nullable String service,
        @Nullable AssumeRole assumeRole) implements AuthenticatorConfig {

    /** The service Amazon Managed Service for Prometheus signs for. */
    public static final String DEFAULT_SERVICE = "aps";

    /**
     * {@code assume_role}: the role to assume with the default chain's credentials.
     *
     * @param arn the role's ARN
     * @param sessionName the role session name, or null for a generated one
     * @param stsRegion the region of the STS endpoint, or null for the extension's region
     * @param externalId the external id the role's trust policy asks for, or null
     * @param sessionDuration how long the role's credentials last, or null for STS's default
     */
    public record AssumeRole(String arn, @Nullable String sessionName, @Nullable String stsRegion,
            @Nullable String externalId, @Nullable Duration sessionDuration) implements Serializable {

        /** The external id is a shared value a role's trust policy checks: kept out of logs. */
        @Override
        public String toString() {
            return "AssumeRole[arn=" + arn + ", sessionName=" + sessionName + ", stsRegion=" + stsRegion
                    + ", externalId=" + (externalId == null ? "null" : "[REDACTED]")
                    + ", sessionDuration=" + sessionDuration + "]";
        }
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("AWS SigV4 for service ")
                .append(service != null ? service : "from the endpoint (else " + DEFAULT_SERVICE + ")")
                .append(" in region ").append(region != null ? region : "from the endpoint");
        if (assumeRole != null) {
            s.append(", assuming role ").append(assumeRole.arn());
        }
        return s.append(", credentials from the AWS default chain").toString();
    }
}

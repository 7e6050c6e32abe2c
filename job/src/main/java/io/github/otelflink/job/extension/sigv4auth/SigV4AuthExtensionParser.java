package io.github.otelflink.job.extension.sigv4auth;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig.AssumeRole;
import java.time.Duration;
import javax.annotation.Nullable;

/** Reads the {@code sigv4auth} extension; see {@link SigV4AuthExtensionConfig} for the keys. */
public final class SigV4AuthExtensionParser {

    /** What the default credential chain already does with a web identity token. */
    private static final String WEB_IDENTITY = "not supported: set the AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE"
            + " environment variables instead (the AWS SDK's default credential chain assumes that role)";

    private SigV4AuthExtensionParser() {}

    /** Reads the extension's map; problems are reported on the node. Null when it has errors. */
    @Nullable
    public static SigV4AuthExtensionConfig parse(ComponentId id, ConfigNode node) {
        String region = nonEmpty(node.optionalString("region"));
        String service = nonEmpty(node.optionalString("service"));
        boolean ok = true;
        if (node.has("assume_role_with_web_identity")) {
            node.error("assume_role_with_web_identity", WEB_IDENTITY);
            ok = false;
        }
        ConfigNode role = node.object("assume_role");
        node.finish();
        AssumeRole assumeRole = null;
        if (role.isPresent()) {
            String arn = nonEmpty(role.optionalString("arn"));
            String sessionName = nonEmpty(role.optionalString("session_name"));
            String stsRegion = nonEmpty(role.optionalString("sts_region"));
            String externalId = nonEmpty(role.optionalString("external_id"));
            Duration sessionDuration = role.optionalDuration("session_duration");
            if (role.has("web_identity_token_file")) {
                role.error("web_identity_token_file", WEB_IDENTITY);
                ok = false;
            }
            if (role.has("expiry_window")) {
                role.error("expiry_window", "not supported: the AWS SDK for Java refreshes the role's credentials"
                        + " before they expire on its own schedule (remove the key)");
                ok = false;
            }
            role.finish();
            if (arn == null && (sessionName != null || stsRegion != null || externalId != null
                    || sessionDuration != null)) {
                // The Collector assumes no role without an ARN and ignores the rest; here a key is
                // honoured or refused, never silently dropped.
                role.error("arn", "required: session_name, sts_region, external_id and session_duration"
                        + " only apply when a role is assumed");
                ok = false;
            } else if (sessionDuration != null && (sessionDuration.toSeconds() < 900 || sessionDuration.toSeconds() > 43_200)) {
                role.error("session_duration", "must be between 15m and 12h (STS's limits), got " + GoDurations.format(sessionDuration));
                ok = false;
            } else if (arn != null) {
                assumeRole = new AssumeRole(arn, sessionName, stsRegion, externalId, sessionDuration);
            }
        }
        return ok ? new SigV4AuthExtensionConfig(id, region, service, assumeRole) : null;
    }

    @Nullable
    private static String nonEmpty(@Nullable String value) {
        // The Collector's keys are omitempty: "" means unset.
        return value == null || value.isEmpty() ? null : value;
    }
}

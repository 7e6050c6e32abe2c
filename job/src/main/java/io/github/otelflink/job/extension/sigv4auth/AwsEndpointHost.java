package io.github.otelflink.job.extension.sigv4auth;

import java.util.Locale;
import javax.annotation.Nullable;

/**
 * The signing service and region an AWS endpoint's host names, inferred as the Collector's
 * {@code sigv4auth} does: {@code aps-workspaces.<region>.amazonaws.com} is service {@code aps}
 * (likewise {@code search-…} is {@code es}, {@code logs.…} {@code logs}, {@code xray.…}
 * {@code xray}), and the region is the host's second label. Other hosts name neither.
 *
 * @param service the inferred service, or null
 * @param region the inferred region, or null
 */
record AwsEndpointHost(@Nullable String service, @Nullable String region) {

    private static final AwsEndpointHost NONE = new AwsEndpointHost(null, null);

    /** What {@code host} names; {@link #NONE}'s nulls for a host that is not one of AWS's known forms. */
    static AwsEndpointHost of(@Nullable String host) {
        if (host == null) {
            return NONE;
        }
        String h = host.toLowerCase(Locale.ROOT);
        String service;
        if (h.startsWith("aps-workspaces")) {
            service = "aps";
        } else if (h.startsWith("search-")) {
            service = "es";
        } else if (h.startsWith("logs")) {
            service = "logs";
        } else if (h.startsWith("xray")) {
            service = "xray";
        } else {
            return NONE;
        }
        String[] labels = h.split("\\.");
        return new AwsEndpointHost(service, labels.length > 2 && !labels[1].isEmpty() ? labels[1] : null);
    }
}

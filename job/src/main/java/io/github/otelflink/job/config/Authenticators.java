package io.github.otelflink.job.config;

import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.BasicAuth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Client;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import io.github.otelflink.job.extension.basicauth.BasicAuthExtensionConfig;
import io.github.otelflink.job.extension.bearertokenauth.BearerTokenAuthExtensionConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4RequestSigner;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Resolves an exporter's {@code auth.authenticator} to the named extension's credentials at load
 * time, so the sink sees plain basic or bearer credentials. As in the Collector, the extension must
 * also be listed in {@code service.extensions} (the Collector fails with "authenticator not found"
 * otherwise, because it only hands exporters the extensions it started).
 */
final class Authenticators {

    private Authenticators() {}

    /** Replaces each exporter that names an authenticator with one carrying its credentials. */
    static void resolve(ConfigContext context, Map<ComponentId, ExporterConfig> exporters, Set<ComponentId> defined,
            Map<ComponentId, HealthCheckExtensionConfig> healthChecks,
            Map<ComponentId, AuthenticatorConfig> authenticators) {
        for (Map.Entry<ComponentId, ExporterConfig> entry : exporters.entrySet()) {
            if (!(entry.getValue() instanceof PrometheusRemoteWriteExporterConfig exporter)) {
                continue;
            }
            Auth auth = exporter.client().auth();
            if (auth.authenticator() == null) {
                continue;
            }
            String path = path(entry.getKey());
            ComponentId id;
            try {
                id = ComponentId.parse(auth.authenticator());
            } catch (IllegalArgumentException e) {
                context.error(path, e.getMessage());
                continue;
            }
            if (healthChecks.containsKey(id)) {
                context.error(path, "\"" + id + "\" is a health_check, not an authenticator");
                continue;
            }
            AuthenticatorConfig authenticator = authenticators.get(id);
            if (authenticator == null) {
                if (!defined.contains(id)) {
                    context.error(path, "no extension \"" + id + "\" is defined");
                }
                // Defined but invalid: its own errors are reported.
                continue;
            }
            if (authenticator instanceof SigV4AuthExtensionConfig sigv4) {
                Auth signed = sigv4(context, entry.getKey(), auth.authenticator(), sigv4, exporter.client().endpoint());
                if (signed != null) {
                    entry.setValue(withAuth(exporter, signed));
                }
                continue;
            }
            entry.setValue(withAuth(exporter, credentials(auth.authenticator(), authenticator)));
        }
    }

    /** Every pipeline's exporter that names an authenticator needs it in service.extensions. */
    static void requireListed(ConfigContext context, Iterable<Pipeline> pipelines, ServiceConfig service,
            Map<ComponentId, AuthenticatorConfig> authenticators) {
        for (Pipeline pipeline : pipelines) {
            for (ExporterConfig exporter : pipeline.exporters()) {
                if (exporter instanceof PrometheusRemoteWriteExporterConfig prw
                        && prw.client().auth().authenticator() != null) {
                    ComponentId id = ComponentId.parse(prw.client().auth().authenticator());
                    // Only resolved ones: a missing or invalid extension is reported already.
                    if (authenticators.containsKey(id) && !service.extensions().contains(id)) {
                        context.error(path(prw.id()), "extension \"" + id + "\" is not listed in service.extensions:"
                                + " add it there (the Collector fails with \"authenticator not found\" too)");
                    }
                }
            }
        }
    }

    private static String path(ComponentId exporter) {
        return "exporters." + exporter + ".auth.authenticator";
    }

    private static Auth credentials(String name, AuthenticatorConfig authenticator) {
        if (authenticator instanceof BasicAuthExtensionConfig basic) {
            return new Auth(name, new BasicAuth(basic.username(), basic.password(), basic.passwordFile()), null, null);
        }
        BearerTokenAuthExtensionConfig bearer = (BearerTokenAuthExtensionConfig) authenticator;
        return new Auth(name, null, bearer.token(), bearer.filename());
    }

    /** A signer for this exporter's endpoint; null (and an error on the region's path) when it has no region. */
    @Nullable
    private static Auth sigv4(ConfigContext context, ComponentId exporter, String name, SigV4AuthExtensionConfig sigv4,
            URI endpoint) {
        try {
            return new Auth(name, null, null, null, SigV4RequestSigner.forEndpoint(sigv4, endpoint));
        } catch (IllegalArgumentException e) {
            context.error("extensions." + sigv4.id() + ".region", "required: " + e.getMessage()
                    + ", and exporters." + exporter + " signs with this extension");
            return null;
        }
    }

    private static PrometheusRemoteWriteExporterConfig withAuth(PrometheusRemoteWriteExporterConfig e, Auth auth) {
        Client c = e.client();
        return new PrometheusRemoteWriteExporterConfig(e.id(),
                new Client(c.endpoint(), c.headers(), c.tls(), auth, c.timeout(), c.compression()),
                e.sending(), e.translation(), e.metricRelabels(), e.ordering());
    }
}

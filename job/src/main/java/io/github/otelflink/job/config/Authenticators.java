package io.github.otelflink.job.config;

import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.BasicAuth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Client;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import io.github.otelflink.job.extension.basicauth.BasicAuthExtensionConfig;
import io.github.otelflink.job.extension.bearertokenauth.BearerTokenAuthExtensionConfig;
import io.github.otelflink.job.extension.headerssetter.HeadersSetterExtensionConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.extension.oauth2client.OAuth2ClientAuthExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4RequestSigner;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.Nullable;

/**
 * Resolves an exporter's {@code auth.authenticator} to the named extension's credentials at load
 * time, so the sink sees plain basic or bearer credentials, or an OAuth2 client to sign with. As in the Collector, the extension must
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
            Map<String, String> headers = withoutHeadersSetBy(context, entry.getKey(), id, exporter.client().headers(),
                    authenticator);
            if (authenticator instanceof SigV4AuthExtensionConfig sigv4
                    && !hasRegion(context, entry.getKey(), sigv4, exporter.client().endpoint())) {
                continue;
            }
            PrometheusRemoteWriteExporterConfig resolved =
                    withAuth(exporter, headers, credentials(auth.authenticator(), authenticator));
            if (authenticator instanceof HeadersSetterExtensionConfig setter) {
                resolved = RequestMetadataRouting.tenantFromHeadersSetter(context, resolved, setter, path);
            }
            entry.setValue(resolved);
        }
    }

    /**
     * The exporter's static headers without those the authenticator sets, each dropped with a
     * warning. The Collector wraps the authenticator innermost (confighttp's {@code ToClient}), so
     * its header is set after the static ones and replaces them on every request; the blueprint's
     * snippet that sets {@code Authorization: Bearer ...} next to {@code basicauth} relies on that.
     */
    private static Map<String, String> withoutHeadersSetBy(ConfigContext context, ComponentId exporter,
            ComponentId authenticatorId, Map<String, String> exporterHeaders, AuthenticatorConfig authenticator) {
        if (authenticator instanceof HeadersSetterExtensionConfig) {
            // Its insert/update/upsert/delete act on the headers already set, these included.
            return exporterHeaders;
        }
        Map<String, String> kept = new LinkedHashMap<>(exporterHeaders);
        for (String header : authenticator.headerNames()) {
            for (String configured : exporterHeaders.keySet()) {
                if (configured.equalsIgnoreCase(header)) {
                    kept.remove(configured);
                    context.warn("exporters." + exporter + ".headers." + configured, "not sent: \"" + authenticatorId
                            + "\" (auth.authenticator) sets " + header + " on every request, as the Collector does;"
                            + " remove one of the two");
                }
            }
        }
        return kept.size() == exporterHeaders.size() ? exporterHeaders : Collections.unmodifiableMap(kept);
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
            return new Auth(name, new BasicAuth(basic.username(), basic.password(), basic.passwordFile()), null, null,
                    basic);
        }
        if (authenticator instanceof BearerTokenAuthExtensionConfig bearer) {
            return new Auth(name, null, bearer.token(), bearer.filename(), bearer);
        }
        // No user or token: the extension itself says what the requests carry (headers_setter).
        return new Auth(name, null, null, null, authenticator);
    }

    /**
     * Whether a signer can be made for this exporter's endpoint (the region is configured or in the
     * host); otherwise an error on the region's path. The sink factory makes the signer itself.
     */
    private static boolean hasRegion(ConfigContext context, ComponentId exporter, SigV4AuthExtensionConfig sigv4,
            URI endpoint) {
        try {
            SigV4RequestSigner.forEndpoint(sigv4, endpoint);
            return true;
        } catch (IllegalArgumentException e) {
            context.error("extensions." + sigv4.id() + ".region", "required: " + e.getMessage()
                    + ", and exporters." + exporter + " signs with this extension");
            return false;
        }
    }

    private static PrometheusRemoteWriteExporterConfig withAuth(PrometheusRemoteWriteExporterConfig e,
            Map<String, String> headers, Auth auth) {
        Client c = e.client();
        return new PrometheusRemoteWriteExporterConfig(e.id(),
                new Client(c.endpoint(), headers, c.tls(), auth, c.timeout(), c.compression()),
                e.sending(), e.translation(), e.metricRelabels(), e.ordering(), e.tenant());
    }
}

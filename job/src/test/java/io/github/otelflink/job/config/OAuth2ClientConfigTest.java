package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.extension.oauth2client.OAuth2ClientAuthExtensionConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code oauth2client} extension, named by an exporter's {@code auth.authenticator}. */
class OAuth2ClientConfigTest {

    private static final String SECRET = "s3cr3t-Cl1ent";

    /** A config whose exporter names {@code oauth2client/azure}, defined with {@code settings} (indented 4). */
    private static String config(String settings) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite/azure:
                    endpoint: https://workspace.eastus.metrics.ingest.monitor.azure.com/api/v1/write
                    auth:
                      authenticator: oauth2client/azure
                extensions:
                  oauth2client/azure:
                %s
                service:
                  extensions: [oauth2client/azure]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite/azure]
                """.formatted(settings.stripTrailing());
    }

    private static List<ConfigError> errors(String yaml) {
        try {
            PipelineConfigLoader.load(yaml, Map.of());
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("loaded without errors");
    }

    private static ConfigError error(String key, String message) {
        return new ConfigError("extensions.oauth2client/azure" + (key.isEmpty() ? "" : "." + key), message);
    }

    @Test
    void everyKeyReachesTheExporter() {
        PipelineConfig config = TestConfigs.loadText(config("""
                    client_id: my-app
                    client_secret: %s
                    token_url: https://login.microsoftonline.com/tenant/oauth2/v2.0/token
                    scopes: [https://monitor.azure.com/.default]
                    endpoint_params:
                      audience: prom
                      resource: [a, b]
                    timeout: 2s
                    expiry_buffer: 1m
                    tls:
                      ca_file: /etc/ssl/ca.crt
                """.formatted(SECRET)));

        ComponentId id = ComponentId.parse("oauth2client/azure");
        OAuth2ClientAuthExtensionConfig expected = new OAuth2ClientAuthExtensionConfig(id, "my-app", null, SECRET, null,
                URI.create("https://login.microsoftonline.com/tenant/oauth2/v2.0/token"),
                List.of("https://monitor.azure.com/.default"),
                Map.of("audience", List.of("prom"), "resource", List.of("a", "b")),
                new TlsClientConfig("/etc/ssl/ca.crt", null, null, false, false, "1.2", null, null, null),
                Duration.ofSeconds(2), Duration.ofMinutes(1));
        assertThat(config.authenticators()).containsExactly(Map.entry(id, expected));
        Auth auth = config.exporter("prometheusremotewrite/azure", PrometheusRemoteWriteExporterConfig.class)
                .client().auth();
        assertThat(auth).isEqualTo(new Auth("oauth2client/azure", null, null, null, expected));
        assertThat(config.describePlan())
                .contains("extension oauth2client/azure: OAuth2 client credentials for client my-app from"
                        + " https://login.microsoftonline.com/tenant/oauth2/v2.0/token,"
                        + " scopes https://monitor.azure.com/.default, timeout 2s\n")
                .contains("OAuth2 token from https://login.microsoftonline.com/tenant/oauth2/v2.0/token")
                .doesNotContain(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(auth.toString()).doesNotContain(SECRET).doesNotContain("prom");
    }

    @Test
    void filesAndDefaults() {
        PipelineConfig config = TestConfigs.loadText(config("""
                    client_id_file: /run/secrets/id
                    client_secret_file: /run/secrets/secret
                    token_url: http://127.0.0.1:8080/token
                """));
        OAuth2ClientAuthExtensionConfig oauth2 = (OAuth2ClientAuthExtensionConfig)
                config.authenticators().get(ComponentId.parse("oauth2client/azure"));
        assertThat(oauth2.clientIdFile()).isEqualTo("/run/secrets/id");
        assertThat(oauth2.clientSecretFile()).isEqualTo("/run/secrets/secret");
        assertThat(oauth2.scopes()).isEmpty();
        assertThat(oauth2.endpointParams()).isEmpty();
        assertThat(oauth2.tls()).isEqualTo(TlsClientConfig.DEFAULT);
        assertThat(oauth2.timeout()).isZero();
        assertThat(oauth2.expiryBuffer()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.describePlan()).contains("for client from /run/secrets/id from http://127.0.0.1:8080/token,"
                + " secret from /run/secrets/secret\n");
    }

    @Test
    void requiredKeysAreReportedTogether() {
        assertThat(errors(config("""
                    scopes: [a]
                """))).containsExactlyInAnyOrder(
                error("", "one of client_id, client_id_file is required"),
                error("", "one of client_secret, client_secret_file is required"),
                error("token_url", "required"));
    }

    @Test
    void emptyCredentialsAreRefusedAsTheCollectorRefusesThem() {
        assertThat(errors(config("""
                    client_id: ""
                    client_secret: ""
                    token_url: https://example.com/token
                """))).containsExactly(error("client_id", "must not be empty"), error("client_secret", "must not be empty"));
    }

    @Test
    void aValueAndItsFileAreNotBothAccepted() {
        assertThat(errors(config("""
                    client_id: a
                    client_secret: b
                    client_secret_file: /run/secrets/secret
                    token_url: https://example.com/token
                """))).containsExactly(error("", "only one of client_secret, client_secret_file may be set"));
    }

    @Test
    void badValuesAreRefusedWithTheirPath() {
        assertThat(errors(config("""
                    client_id: a
                    client_secret: b
                    token_url: login.example.com/token
                    endpoint_params:
                      scope: x
                      audience: {a: b}
                    timeout: soon
                    tls:
                      min_version: "1.5"
                """))).containsExactlyInAnyOrder(
                error("token_url", "expected an http:// or https:// URL with a host, got \"login.example.com/token\""),
                error("endpoint_params.scope", "cannot be set here: the token request's scope comes from scopes"),
                error("endpoint_params.audience", "expected a list, got a map"),
                error("timeout", "expected a duration like \"5s\", got \"soon\""),
                error("tls.min_version", "expected one of \"1.0\", \"1.1\", \"1.2\", \"1.3\", got \"1.5\""));
    }

    @Test
    void theJwtBearerGrantIsRefusedKeyByKey() {
        assertThat(errors(config("""
                    client_id: a
                    client_secret: b
                    token_url: https://example.com/token
                    grant_type: urn:ietf:params:oauth:grant-type:jwt-bearer
                    audience: prom
                    claims: {sub: x}
                """))).containsExactlyInAnyOrder(
                error("grant_type", "only \"client_credentials\" is supported, got"
                        + " \"urn:ietf:params:oauth:grant-type:jwt-bearer\" (the jwt-bearer grant of RFC 7523 is not implemented)"),
                error("audience", "is for grant_type urn:ietf:params:oauth:grant-type:jwt-bearer, which is not implemented"
                        + " (only client_credentials is): remove the key"),
                error("claims", "is for grant_type urn:ietf:params:oauth:grant-type:jwt-bearer, which is not implemented"
                        + " (only client_credentials is): remove the key"));
    }

    @Test
    void theReadmesAzureMonitorExampleLoads() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        int start = readme.indexOf("extensions:\n  oauth2client/azure:");
        String example = readme.substring(start, readme.indexOf("```", start));
        PipelineConfig config = PipelineConfigLoader.load("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                %s
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite/azure]
                """.formatted(example.stripTrailing()), Map.of("AZURE_CLIENT_ID", "app-id", "AZURE_TENANT_ID", "tenant-id",
                        "AZURE_INGESTION_ENDPOINT", "https://dce-1.eastus-1.metrics.ingest.monitor.azure.com/dataCollectionRules/"
                                + "dcr-0123/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24"));
        OAuth2ClientAuthExtensionConfig oauth2 = (OAuth2ClientAuthExtensionConfig) config.exporter("prometheusremotewrite/azure",
                PrometheusRemoteWriteExporterConfig.class).client().auth().extension();
        assertThat(oauth2.tokenUrl()).isEqualTo(URI.create("https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token"));
        assertThat(oauth2.scopes()).containsExactly("https://monitor.azure.com/.default");
        assertThat(oauth2.clientId()).isEqualTo("app-id");
        assertThat(config.exporter("prometheusremotewrite/azure", PrometheusRemoteWriteExporterConfig.class)
                .client().endpoint().getQuery()).isEqualTo("api-version=2023-04-24");
    }

    @Test
    void unknownKeysAreRefused() {
        List<ConfigError> errors = errors(config("""
                    client_auth:
                      client_id: a
                    client_id: a
                    client_secret: b
                    token_url: https://example.com/token
                """));
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("extensions.oauth2client/azure.client_auth"));
    }
}

package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.BasicAuth;
import io.github.otelflink.job.extension.basicauth.BasicAuthExtensionConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.RemoteWriteSinkFactory;
import io.github.otelflink.job.extension.bearertokenauth.BearerTokenAuthExtensionConfig;
import io.github.otelflink.sink.remotewrite.http.AuthOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code basicauth} and {@code bearertokenauth} extensions, named by an exporter's {@code auth.authenticator}. */
class AuthenticatorConfigTest {

    private static final String SECRET = "s3cr3t-Pa55";

    /** A config whose exporter names {@code authenticator}, with {@code extensions} (indented 2) and the service's list. */
    private static String config(String authSettings, String extensions, String serviceExtensions) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite/prom:
                    endpoint: https://localhost:9090/api/v1/write
                    auth:
                %s
                extensions:
                %s
                service:
                  extensions: %s
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite/prom]
                """.formatted(authSettings.stripTrailing(), extensions.stripTrailing(), serviceExtensions);
    }

    private static String basicauth(String clientAuth) {
        return "  basicauth/prometheus:\n" + clientAuth.stripTrailing();
    }

    private static Auth auth(PipelineConfig config) {
        return config.exporter("prometheusremotewrite/prom", PrometheusRemoteWriteExporterConfig.class).client().auth();
    }

    private static List<ConfigError> errors(String yaml) {
        try {
            PipelineConfigLoader.load(yaml, Map.of());
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("loaded without errors");
    }

    private static ConfigError error(String path, String message) {
        return new ConfigError(path, message);
    }

    @Test
    void basicauthGivesTheExporterItsCredentials() {
        PipelineConfig config = TestConfigs.loadText(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                      username: alice
                      password: %s
                """.formatted(SECRET)), "[basicauth/prometheus]"));

        assertThat(auth(config)).isEqualTo(new Auth("basicauth/prometheus", new BasicAuth("alice", SECRET, null), null, null,
                new BasicAuthExtensionConfig(ComponentId.parse("basicauth/prometheus"), "alice", SECRET, null)));
        assertThat(config.authenticators()).containsOnlyKeys(ComponentId.parse("basicauth/prometheus"));
        assertThat(config.extensions()).isEmpty();
        assertThat(config.warnings()).isEmpty();
        assertThat(config.describePlan()).contains("extension basicauth/prometheus: basic auth for user alice\n")
                .contains("basic auth").doesNotContain(SECRET);
        assertThat(config.authenticators().values()).singleElement().asString().doesNotContain(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
    }

    @Test
    void basicauthPasswordFileAndEmptyPassword() {
        PipelineConfig file = TestConfigs.loadText(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                      username: alice
                      password_file: /run/secrets/pw
                """), "[basicauth/prometheus]"));
        assertThat(auth(file).basic()).isEqualTo(new BasicAuth("alice", null, "/run/secrets/pw"));
        assertThat(file.describePlan()).contains("basic auth for user alice, password from /run/secrets/pw");

        // The Collector sends an empty password when none is set.
        PipelineConfig none = TestConfigs.loadText(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                      username: alice
                """), "[basicauth/prometheus]"));
        assertThat(auth(none).basic()).isEqualTo(new BasicAuth("alice", null, null));
    }

    @Test
    void bearertokenauthTokenAndFilename() {
        PipelineConfig token = TestConfigs.loadText(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: %s
                    scheme: Bearer
                """.formatted(SECRET), "[bearertokenauth]"));
        assertThat(auth(token)).isEqualTo(new Auth("bearertokenauth", null, SECRET, null,
                new BearerTokenAuthExtensionConfig(ComponentId.of("bearertokenauth"), SECRET, null)));
        assertThat(token.authenticators().get(ComponentId.of("bearertokenauth")))
                .isEqualTo(new BearerTokenAuthExtensionConfig(ComponentId.of("bearertokenauth"), SECRET, null))
                .asString().doesNotContain(SECRET);
        assertThat(token.describePlan()).contains("extension bearertokenauth: bearer token\n").doesNotContain(SECRET);
        assertThat(token.toString()).doesNotContain(SECRET);

        PipelineConfig file = TestConfigs.loadText(config("      authenticator: bearertokenauth/file", """
                  bearertokenauth/file:
                    filename: /run/secrets/token
                """, "[bearertokenauth/file]"));
        assertThat(auth(file)).extracting(Auth::bearerToken, Auth::bearerTokenFile).containsExactly(null, "/run/secrets/token");
        assertThat(file.describePlan()).contains("extension bearertokenauth/file: bearer token from /run/secrets/token");
    }

    @Test
    void bearertokenauthSchemeHeaderAndTokensAsTheCollector() {
        PipelineConfig custom = TestConfigs.loadText(config("      authenticator: bearertokenauth/key", """
                  bearertokenauth/key:
                    tokens: [first-%s, second]
                    scheme: ""
                    header: X-Api-Key
                """.formatted(SECRET), "[bearertokenauth/key]"));
        BearerTokenAuthExtensionConfig key = (BearerTokenAuthExtensionConfig) auth(custom).extension();
        // Of several tokens the Collector's client sends the first.
        assertThat(key).isEqualTo(new BearerTokenAuthExtensionConfig(
                ComponentId.parse("bearertokenauth/key"), "first-" + SECRET, null, "X-Api-Key", ""));
        assertThat(auth(custom).bearerToken()).isEqualTo("first-" + SECRET);
        assertThat(custom.describePlan()).contains("extension bearertokenauth/key: token in X-Api-Key without a scheme\n")
                .doesNotContain(SECRET);
        assertThat(RemoteWriteSinkFactory.auth(auth(custom))).isEqualTo(AuthOptions.bearer("first-" + SECRET)
                .withTokenHeader("X-Api-Key", ""));

        PipelineConfig token = TestConfigs.loadText(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: t
                    scheme: Token
                """, "[bearertokenauth]"));
        assertThat(RemoteWriteSinkFactory.auth(auth(token))).isEqualTo(AuthOptions.bearer("t")
                .withTokenHeader("Authorization", "Token"));
        assertThat(token.describePlan()).contains("extension bearertokenauth: token in Authorization with scheme Token\n");
    }

    @Test
    void healthCheckAndAuthenticatorTogether() {
        PipelineConfig config = TestConfigs.loadText(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: %s
                  health_check:
                """.formatted(SECRET), "[health_check, bearertokenauth]"));
        assertThat(config.extensions()).containsOnlyKeys(ComponentId.of("health_check"));
        assertThat(config.authenticators()).containsOnlyKeys(ComponentId.of("bearertokenauth"));
        assertThat(config.describePlan()).contains("extension health_check: health on http://0.0.0.0:13133/\n")
                .contains("extension bearertokenauth: bearer token\n");
    }

    @Test
    void referenceErrorsNameTheKeyPath() {
        String path = "exporters.prometheusremotewrite/prom.auth.authenticator";
        assertThat(errors(config("      authenticator: basicauth/missing", """
                  health_check:
                """, "[health_check]")))
                .containsExactly(error(path, "no extension \"basicauth/missing\" is defined"));
        assertThat(errors(config("      authenticator: health_check", """
                  health_check:
                """, "[health_check]")))
                .containsExactly(error(path, "\"health_check\" is a health_check, not an authenticator"));
        assertThat(errors(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: t
                  health_check:
                """, "[health_check]")))
                .containsExactly(error(path, "extension \"bearertokenauth\" is not listed in service.extensions:"
                        + " add it there (the Collector fails with \"authenticator not found\" too)"));
    }

    @Test
    void authenticatorWithOtherCredentialsIsAnError() {
        assertThat(errors(config("""
                      authenticator: bearertokenauth
                      bearer_token: t
                """, """
                  bearertokenauth:
                    token: t
                """, "[bearertokenauth]")))
                .containsExactly(error("exporters.prometheusremotewrite/prom.auth.authenticator",
                        "conflicts with auth.bearer_token: set credentials in one place"));
        assertThat(errors(config("""
                      authenticator: bearertokenauth
                      basic: {username: u, password: p}
                """, """
                  bearertokenauth:
                    token: t
                """, "[bearertokenauth]")))
                .containsExactly(error("exporters.prometheusremotewrite/prom.auth.authenticator",
                        "conflicts with auth.basic: set credentials in one place"));
    }

    @Test
    void anAuthorizationHeaderNextToAnAuthenticatorIsReplacedAsInTheCollector() {
        String yaml = config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: t
                """, "[bearertokenauth]").replace("    auth:\n",
                "    headers: {Authorization: Bearer x, X-Scope-OrgID: tenant-1}\n    auth:\n");
        PipelineConfig config = TestConfigs.loadText(yaml);
        PrometheusRemoteWriteExporterConfig prw =
                config.exporter("prometheusremotewrite/prom", PrometheusRemoteWriteExporterConfig.class);
        assertThat(prw.client().headers()).containsExactly(Map.entry("X-Scope-OrgID", "tenant-1"));
        assertThat(prw.client().auth().bearerToken()).isEqualTo("t");
        assertThat(config.warnings()).containsExactly("exporters.prometheusremotewrite/prom.headers.Authorization:"
                + " not sent: \"bearertokenauth\" (auth.authenticator) sets Authorization on every request, as the"
                + " Collector does; remove one of the two");
    }

    @Test
    void basicauthRefusesWhatItCannotDo() {
        String unused = "[basicauth/prometheus]";
        assertThat(errors(config("      authenticator: basicauth/prometheus", basicauth("""
                    htpasswd:
                      file: /etc/htpasswd
                """), unused)))
                .containsExactly(error("extensions.basicauth/prometheus.htpasswd", "not supported: htpasswd"
                        + " authenticates incoming requests (the server side), and this job's receivers do not take"
                        + " authenticators; use client_auth for an exporter"));
        assertThat(errors(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                      username_file: /run/secrets/user
                      password: p
                """), unused)))
                .containsExactly(
                        error("extensions.basicauth/prometheus.client_auth.username", "required"),
                        error("extensions.basicauth/prometheus.client_auth.username_file",
                                "not supported: set username (only the password can come from a file)"));
        assertThat(errors(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                      aws_secrets_manager: {secret_arn: arn}
                """), unused)))
                .containsExactly(
                        error("extensions.basicauth/prometheus.client_auth.username", "required"),
                        error("extensions.basicauth/prometheus.client_auth.aws_secrets_manager",
                                "not supported: set password or password_file"));
        assertThat(errors(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                      username: u
                      password: p
                      password_file: /f
                """), unused)))
                .containsExactly(error("extensions.basicauth/prometheus.client_auth",
                        "only one of password, password_file may be set"));
        assertThat(errors(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                      username: u
                      passwd: p
                """), unused)))
                .singleElement().satisfies(e -> assertThat(e.path())
                        .isEqualTo("extensions.basicauth/prometheus.client_auth.passwd"));
        assertThat(errors(config("      authenticator: basicauth/prometheus", basicauth("""
                    client_auth:
                """), unused)))
                .containsExactly(error("extensions.basicauth/prometheus",
                        "client_auth is required: the username and password an exporter sends"));
    }

    @Test
    void bearertokenauthRefusesWhatItCannotDo() {
        String ext = "extensions.bearertokenauth";
        assertThat(errors(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: t
                    header: content-type
                    retry_on_failure: {enabled: true}
                    wait_for_token_file: true
                """, "[bearertokenauth]")))
                .containsExactlyInAnyOrder(
                        error(ext + ".retry_on_failure", "not supported: a token file that cannot be read fails each"
                                + " request, and the exporter retries it like a network error until the file is there"
                                + " (remove the key)"),
                        error(ext + ".wait_for_token_file", "not supported: a token file that cannot be read fails"
                                + " each request, and the exporter retries it like a network error until the file is"
                                + " there (remove the key)"),
                        error(ext + ".header", "cannot be \"content-type\": the remote-write protocol sets that header"));
        assertThat(errors(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: t
                    tokens: [u]
                """, "[bearertokenauth]")))
                .containsExactly(error(ext, "only one of token, tokens may be set"));
        assertThat(errors(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    tokens: []
                """, "[bearertokenauth]")))
                .containsExactly(error(ext + ".tokens", "empty: list the token to send (an exporter sends the first)"));
        String headers = config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: t
                    header: X-Api-Key
                """, "[bearertokenauth]").replace("    auth:\n", "    headers: {x-api-key: k}\n    auth:\n");
        assertThat(TestConfigs.loadText(headers).warnings()).containsExactly("exporters.prometheusremotewrite/prom"
                + ".headers.x-api-key: not sent: \"bearertokenauth\" (auth.authenticator) sets X-Api-Key on every"
                + " request, as the Collector does; remove one of the two");
        assertThat(errors(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    scheme: Bearer
                """, "[bearertokenauth]")))
                .containsExactly(error("extensions.bearertokenauth", "one of token, tokens, filename is required"));
        assertThat(errors(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    token: t
                    filename: /f
                """, "[bearertokenauth]")))
                .containsExactly(error("extensions.bearertokenauth", "only one of token, filename may be set"));
        assertThat(errors(config("      authenticator: bearertokenauth", """
                  bearertokenauth:
                    tokens: [t]
                    filename: /f
                """, "[bearertokenauth]")))
                .containsExactly(error("extensions.bearertokenauth", "only one of tokens, filename may be set"));
    }

    @Test
    void extensionRecordsRedactSecrets() {
        assertThat(new BasicAuthExtensionConfig(ComponentId.parse("basicauth/x"), "alice", SECRET, null))
                .asString().contains("alice").doesNotContain(SECRET);
        assertThat(new BearerTokenAuthExtensionConfig(ComponentId.of("bearertokenauth"), SECRET, null))
                .asString().doesNotContain(SECRET);
    }

    @Test
    void unlistedUnreferencedAuthenticatorOnlyWarns() {
        PipelineConfig config = TestConfigs.loadText(config("      bearer_token: t", """
                  bearertokenauth:
                    token: t
                  health_check:
                """, "[health_check]"));
        assertThat(config.warnings()).containsExactly(
                "extensions.bearertokenauth: defined but not listed in service.extensions, so not started");
    }
}

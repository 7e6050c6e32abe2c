package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig.AssumeRole;
import io.github.otelflink.job.extension.sigv4auth.SigV4RequestSigner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code sigv4auth} extension, named by an exporter's {@code auth.authenticator}: keys, defaults, errors by path. */
class SigV4AuthConfigTest {

    private static final String AMP = "https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/api/v1/remote_write";
    private static final String PATH = "extensions.sigv4auth";

    private static String config(String endpoint, String extension) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite/amp:
                    endpoint: %s
                    auth:
                      authenticator: sigv4auth
                extensions:
                  sigv4auth:
                %s
                service:
                  extensions: [sigv4auth]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite/amp]
                """.formatted(endpoint, extension.stripTrailing());
    }

    private static Auth auth(PipelineConfig config) {
        return config.exporter("prometheusremotewrite/amp", PrometheusRemoteWriteExporterConfig.class).client().auth();
    }

    /** The signer the sink factory makes from the resolved extension, for the exporter's endpoint. */
    private static SigV4RequestSigner signer(PipelineConfig config) {
        PrometheusRemoteWriteExporterConfig exporter =
                config.exporter("prometheusremotewrite/amp", PrometheusRemoteWriteExporterConfig.class);
        return SigV4RequestSigner.forEndpoint((SigV4AuthExtensionConfig) exporter.client().auth().extension(),
                exporter.client().endpoint());
    }

    private static List<ConfigError> errors(String yaml) {
        try {
            PipelineConfigLoader.load(yaml, Map.of());
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("loaded without errors");
    }

    @Test
    void regionAndServiceFromTheAmpEndpoint() {
        PipelineConfig config = TestConfigs.loadText(config(AMP, "    {}"));
        assertThat(auth(config).authenticator()).isEqualTo("sigv4auth");
        assertThat(auth(config).basic()).isNull();
        assertThat(signer(config).region()).isEqualTo("us-west-2");
        assertThat(signer(config).service()).isEqualTo("aps");
        assertThat(signer(config).assumeRole()).isNull();
        assertThat(config.authenticators().get(ComponentId.of("sigv4auth")))
                .isEqualTo(new SigV4AuthExtensionConfig(ComponentId.of("sigv4auth"), null, null, null));
        assertThat(config.describePlan())
                .contains("extension sigv4auth: AWS SigV4 for service from the endpoint (else aps) in region from the"
                        + " endpoint, credentials from the AWS default chain\n")
                .contains("AWS SigV4 (sigv4auth, service aps, region us-west-2)");

        // The blueprint's AMP exporter with the extension written as Collector users do: no settings.
        PipelineConfig bare = TestConfigs.loadText(config(AMP, ""));
        assertThat(signer(bare).region()).isEqualTo("us-west-2");
        assertThat(signer(bare).service()).isEqualTo("aps");
    }

    @Test
    void configuredKeysWinAndAssumeRoleIsRead() {
        PipelineConfig config = TestConfigs.loadText(config(AMP, """
                    region: eu-central-1
                    service: custom
                    assume_role:
                      arn: arn:aws:iam::123456789012:role/writer
                      session_name: otel-flink
                      sts_region: us-east-1
                      external_id: shared-external-id
                      session_duration: 1h
                """));
        assertThat(signer(config).region()).isEqualTo("eu-central-1");
        assertThat(signer(config).service()).isEqualTo("custom");
        assertThat(signer(config).assumeRole()).isEqualTo(new AssumeRole("arn:aws:iam::123456789012:role/writer",
                "otel-flink", "us-east-1", "shared-external-id", Duration.ofHours(1)));
        assertThat(config.describePlan())
                .contains("extension sigv4auth: AWS SigV4 for service custom in region eu-central-1, assuming role"
                        + " arn:aws:iam::123456789012:role/writer, credentials from the AWS default chain\n")
                .doesNotContain("shared-external-id");
        assertThat(config.toString()).doesNotContain("shared-external-id");
    }

    @Test
    void aHostWithoutARegionNeedsTheRegionKey() {
        assertThat(errors(config("http://127.0.0.1:9090/api/v1/write", "    service: aps")))
                .containsExactly(new ConfigError(PATH + ".region", "required: the endpoint"
                        + " http://127.0.0.1:9090/api/v1/write does not name an AWS region (as"
                        + " https://aps-workspaces.<region>.amazonaws.com/... does), and"
                        + " exporters.prometheusremotewrite/amp signs with this extension"));
        PipelineConfig config = TestConfigs.loadText(config("http://127.0.0.1:9090/api/v1/write", "    region: us-east-1"));
        assertThat(signer(config).region()).isEqualTo("us-east-1");
        assertThat(signer(config).service()).isEqualTo("aps");
    }

    @Test
    void whatCannotBeHonouredIsRefusedByPath() {
        assertThat(errors(config(AMP, """
                    assume_role:
                      session_name: s
                """))).containsExactly(new ConfigError(PATH + ".assume_role.arn", "required: session_name,"
                + " sts_region, external_id and session_duration only apply when a role is assumed"));
        assertThat(errors(config(AMP, """
                    assume_role:
                      arn: arn:aws:iam::1:role/r
                      web_identity_token_file: /var/run/token
                      expiry_window: 5m
                """))).extracting(ConfigError::path).containsExactly(
                PATH + ".assume_role.web_identity_token_file", PATH + ".assume_role.expiry_window");
        assertThat(errors(config(AMP, """
                    assume_role_with_web_identity:
                      arn: arn:aws:iam::1:role/r
                      token_file: /var/run/token
                """))).containsExactly(new ConfigError(PATH + ".assume_role_with_web_identity", "not supported:"
                + " set the AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE environment variables instead (the AWS"
                + " SDK's default credential chain assumes that role)"));
        assertThat(errors(config(AMP, """
                    assume_role:
                      arn: arn:aws:iam::1:role/r
                      session_duration: 5m
                """))).containsExactly(new ConfigError(PATH + ".assume_role.session_duration",
                "must be between 15m and 12h (STS's limits), got 5m"));
        assertThat(errors(config(AMP, "    regoin: us-east-1"))).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo(PATH + ".regoin"));
    }

    @Test
    void anAuthorizationHeaderIsReplacedByTheSignature() {
        String yaml = config(AMP, "    {}").replace("    auth:\n", "    headers: {Authorization: Bearer x}\n    auth:\n");
        PipelineConfig config = TestConfigs.loadText(yaml);
        assertThat(config.exporter("prometheusremotewrite/amp", PrometheusRemoteWriteExporterConfig.class)
                .client().headers()).isEmpty();
        assertThat(config.warnings()).singleElement().asString()
                .startsWith("exporters.prometheusremotewrite/amp.headers.Authorization: not sent: \"sigv4auth\"");
    }
}

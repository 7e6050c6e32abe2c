package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.extension.headerssetter.HeaderAction;
import io.github.otelflink.job.extension.headerssetter.HeaderAction.Action;
import io.github.otelflink.job.extension.headerssetter.HeadersSetterExtensionConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code headers_setter} extension named by an exporter's {@code auth.authenticator}: what loads, what is refused. */
class HeadersSetterConfigTest {

    private static final String SECRET = "tenant-s3cret";
    private static final String EXT = "extensions.headers_setter/tenant";

    /** A config whose exporter names headers_setter/tenant, with {@code headers} (the extension's list, indented 6). */
    private static String config(String headers) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                exporters:
                  prometheusremotewrite/prom:
                    endpoint: https://localhost:9090/api/v1/write
                    headers: {X-Other: kept}
                    auth:
                      authenticator: headers_setter/tenant
                extensions:
                  headers_setter/tenant:
                %s
                service:
                  extensions: [headers_setter/tenant]
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite/prom]
                """.formatted(headers.stripTrailing());
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
    void staticValuesAndActionsLoadInOrderAndNoValueIsPrinted() {
        PipelineConfig config = TestConfigs.loadText(config("""
                    headers:
                      - key: X-Scope-OrgID
                        value: %s
                      - key: X-Api-Key
                        value: k
                        action: INSERT
                      - key: X-Api-Key
                        value: k2
                        action: update
                      - key: X-Api-Key
                        action: delete
                """.formatted(SECRET)));
        Auth auth = config.exporter("prometheusremotewrite/prom", PrometheusRemoteWriteExporterConfig.class).client().auth();
        assertThat(auth.basic()).isNull();
        assertThat(auth.bearerToken()).isNull();
        assertThat(auth.extension()).isEqualTo(new HeadersSetterExtensionConfig(ComponentId.parse("headers_setter/tenant"),
                List.of(new HeaderAction("X-Scope-OrgID", Action.UPSERT, SECRET),
                        new HeaderAction("X-Api-Key", Action.INSERT, "k"),
                        new HeaderAction("X-Api-Key", Action.UPDATE, "k2"),
                        new HeaderAction("X-Api-Key", Action.DELETE, null))));
        assertThat(config.warnings()).isEmpty();
        assertThat(config.describePlan()).contains(", auth headers_setter/tenant, headers X-Other,")
                .contains("extension headers_setter/tenant: headers upsert X-Scope-OrgID,"
                + " insert X-Api-Key, update X-Api-Key, delete X-Api-Key\n").doesNotContain(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(auth.toString()).doesNotContain(SECRET);
    }

    @Test
    void fromAttributeIsRefusedTheJobCarriesNoAuthenticationData() {
        assertThat(errors(config("""
                    headers:
                      - key: X-User
                        from_attribute: user
                """)))
                .containsExactly(error(EXT + ".headers[0].from_attribute", "not supported: the job does not carry the"
                        + " authentication data of the request that brought the data; set value, or from_context to"
                        + " copy one of its headers"));
    }

    @Test
    void refusesWhatItCannotDoByPath() {
        assertThat(errors(config("""
                    additional_auth: basicauth
                    headers:
                      - key: Content-Type
                        value: text/plain
                      - key: X-A
                        value: a
                        default_value: b
                      - key: X-B
                        action: delete
                        value: b
                      - key: X-C
                      - key: X-D
                        value_file: /run/secrets/d
                      - key: X-E
                        value: e
                        action: replace
                      - value: f
                """)))
                .containsExactly(
                        error(EXT + ".additional_auth", "not supported yet: an exporter takes one authenticator here"),
                        error(EXT + ".headers[0].key", "cannot be \"Content-Type\": the remote-write protocol sets that header"),
                        error(EXT + ".headers[1].default_value", "only used when from_context finds nothing; next to"
                                + " value it is never sent (remove it)"),
                        error(EXT + ".headers[2].value", "not used by action delete (remove it)"),
                        error(EXT + ".headers[3]", "value is required: the header's value, or from_context (or action: delete)"),
                        error(EXT + ".headers[4].value_file",
                                "not supported yet: set value (${env:VAR} reads it from the environment)"),
                        error(EXT + ".headers[5].action",
                                "expected one of \"insert\", \"update\", \"upsert\", \"delete\", got \"replace\""),
                        error(EXT + ".headers[6].key", "required"));
        assertThat(errors(config("""
                    headers: []
                """))).containsExactly(error(EXT,
                "headers is required: the headers to set, each with key and value (or action: delete)"));
    }

    @Test
    void exporterHeadersStayForTheActionsToActOn() {
        // As in the Collector, the extension's actions run after the exporter's headers are set.
        PipelineConfig config = TestConfigs.loadText(config("""
                    headers:
                      - key: x-other
                        value: v
                        action: insert
                """));
        assertThat(config.exporter("prometheusremotewrite/prom", PrometheusRemoteWriteExporterConfig.class)
                .client().headers()).containsKey("X-Other");
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void updateOrDeleteOfAHeaderNothingSetsWarns() {
        PipelineConfig config = TestConfigs.loadText(config("""
                    headers:
                      - key: X-Missing
                        value: v
                        action: update
                """));
        assertThat(config.warnings()).containsExactly(EXT + ".headers[0].action: update finds no X-Missing header:"
                + " the exporter's headers may not set it (that is refused) and no earlier entry does, so this entry"
                + " changes nothing");
    }
}

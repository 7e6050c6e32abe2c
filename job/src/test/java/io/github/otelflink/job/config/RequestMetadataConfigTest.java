package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.TenantRoutingConfig;
import io.github.otelflink.job.extension.headerssetter.HeadersSetter;
import io.github.otelflink.job.extension.headerssetter.HeadersSetterExtensionConfig;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.receiver.otlp.OtlpReceiverConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tenant from the client's request header: {@code include_metadata} on the otlp receiver, with
 * {@code headers_setter} {@code from_context} or {@code tenant.from_context} on the exporter; what
 * loads and every refusal, by path.
 */
class RequestMetadataConfigTest {

    private static final String EXT = "extensions.headers_setter";
    private static final String AUTH = "exporters.prometheusremotewrite.auth.authenticator";

    /** The Collector's way: include_metadata + headers_setter from_context. */
    private static final String COLLECTOR_STYLE = """
            receivers:
              otlp:
                protocols:
                  grpc:
                    include_metadata: true
                  http:
                    include_metadata: true
            processors:
              batch:
                metadata_keys: [X-Scope-OrgID]
              resource:
                attributes:
                  - {key: team, from_context: metadata.X-Team, action: insert}
            exporters:
              prometheusremotewrite:
                endpoint: https://localhost:9090/api/v1/write
                auth:
                  authenticator: headers_setter
            extensions:
              headers_setter:
                headers:
                  - key: X-Scope-OrgID
                    from_context: X-Scope-OrgID
                    default_value: nobody
                  - key: X-Static
                    value: s
            service:
              extensions: [headers_setter]
              pipelines:
                metrics:
                  receivers: [otlp]
                  processors: [resource, batch]
                  exporters: [prometheusremotewrite]
            """;

    @Test
    void headersSetterFromContextBecomesTheExportersTenantRouting() {
        PipelineConfig config = TestConfigs.loadText(COLLECTOR_STYLE);

        PrometheusRemoteWriteExporterConfig exporter =
                config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class);
        assertThat(exporter.tenant()).isEqualTo(TenantRoutingConfig.fromContext("X-Scope-OrgID", "X-Scope-OrgID",
                "nobody", TenantRoutingConfig.DEFAULT_MAX_TENANTS));
        // Only the keys some from_context reads are captured, in lower case.
        OtlpReceiverConfig otlp = config.receiver("otlp", OtlpReceiverConfig.class);
        assertThat(otlp.metadataKeys()).containsExactlyInAnyOrder("x-scope-orgid", "x-team");
        assertThat(config.pipelines().get(0).receivers()).containsExactly(otlp);
        assertThat(config.processor("batch", BatchProcessorConfig.class).metadataKeys()).containsExactly("X-Scope-OrgID");
        assertThat(config.warnings()).isEmpty();
        assertThat(config.describePlan())
                .contains("tenants from request header X-Scope-OrgID in header X-Scope-OrgID (default nobody, at most 100)")
                .contains("keeps metadata x-scope-orgid, x-team");
        // The signer leaves the tenant header to the sink's tenant lanes and sets the static one.
        HeadersSetter setter = new HeadersSetter(
                ((HeadersSetterExtensionConfig) exporter.client().auth().extension()).headers());
        Map<String, String> headers = new HashMap<>();
        setter.sign("POST", URI.create("https://localhost:9090/api/v1/write"), headers, new byte[0]);
        assertThat(headers).containsExactly(Map.entry("X-Static", "s"));
    }

    @Test
    void tenantFromContextLoadsWithItsOwnHeaderDefaultAndLimit() {
        PipelineConfig config = TestConfigs.loadText("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        include_metadata: true
                exporters:
                  prometheusremotewrite:
                    endpoint: https://localhost:9090/api/v1/write
                    tenant:
                      from_context: x-tenant
                      header: X-Org
                      default: shared
                      max_tenants: 5
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """);
        assertThat(config.exporter("prometheusremotewrite", PrometheusRemoteWriteExporterConfig.class).tenant())
                .isEqualTo(TenantRoutingConfig.fromContext("x-tenant", "X-Org", "shared", 5));
        assertThat(config.receiver("otlp", OtlpReceiverConfig.class).metadataKeys()).containsExactly("x-tenant");
    }

    @Test
    void includeMetadataWithoutFromContextCapturesNothing() {
        PipelineConfig config = TestConfigs.loadText("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        include_metadata: true
                exporters:
                  prometheusremotewrite:
                    endpoint: https://localhost:9090/api/v1/write
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """);
        assertThat(config.receiver("otlp", OtlpReceiverConfig.class).metadataKeys()).isEmpty();
        assertThat(config.describePlan()).contains("no metadata key read by a pipeline");
    }

    @Test
    void fromContextWithoutIncludeMetadataIsRefusedNamingTheKeyToSet() {
        String withoutMetadata = COLLECTOR_STYLE.replace("include_metadata: true", "include_metadata: false");
        assertThat(errors(withoutMetadata)).containsExactly(error(AUTH, "takes the tenant from the client's request"
                + " header X-Scope-OrgID, but no receiver of pipeline metrics keeps request metadata: set"
                + " receivers.otlp.protocols.<http|grpc>.include_metadata: true"));
        // The resource processor's from_context finds nothing then: a warning, not silence.
        String resourceOnly = withoutMetadata.replace("authenticator: headers_setter", "authenticator: headers_setter/static")
                .replace("  headers_setter:\n", "  headers_setter/static:\n    headers: [{key: X-A, value: a}]\n"
                        + "  headers_setter:\n")
                .replace("extensions: [headers_setter]", "extensions: [headers_setter/static]");
        assertThat(TestConfigs.loadText(resourceOnly).warnings()).contains(
                "processors.resource.attributes[0].from_context: no receiver of pipeline metrics keeps request"
                        + " metadata, so this finds nothing: set receivers.otlp.protocols.<http|grpc>.include_metadata: true");
    }

    @Test
    void fromContextOnAPipelineFedByKafkaOnlyIsRefused() {
        assertThat(errors("""
                receivers:
                  kafka:
                    brokers: [localhost:9092]
                exporters:
                  prometheusremotewrite:
                    endpoint: https://localhost:9090/api/v1/write
                    tenant: {from_context: X-Scope-OrgID}
                service:
                  pipelines:
                    metrics:
                      receivers: [kafka]
                      exporters: [prometheusremotewrite]
                """)).containsExactly(error("exporters.prometheusremotewrite.tenant.from_context", "takes the tenant"
                + " from the client's request header X-Scope-OrgID, but no receiver of pipeline metrics keeps request"
                + " metadata: its receivers (kafka) carry none; only an otlp receiver with include_metadata: true does"));
    }

    @Test
    void aReceiverOrProtocolWithoutMetadataNextToOneWithWarnsOfTheDefaultTenant() {
        PipelineConfig config = TestConfigs.loadText("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                      http:
                        include_metadata: true
                  kafka:
                    brokers: [localhost:9092]
                exporters:
                  prometheusremotewrite:
                    endpoint: https://localhost:9090/api/v1/write
                    tenant: {from_context: X-Scope-OrgID}
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp, kafka]
                      exporters: [prometheusremotewrite]
                """);
        assertThat(config.warnings()).containsExactly("exporters.prometheusremotewrite.tenant.from_context: takes the"
                + " tenant from the client's request header X-Scope-OrgID: data from receivers.otlp.protocols.grpc,"
                + " receivers.kafka carries no request metadata and goes to the default tenant \"anonymous\"");
    }

    @Test
    void headersSetterFromContextRefusalsByPath() {
        assertThat(errors(extension("""
                      - key: X-Scope-OrgID
                        from_context: a
                        action: update
                      - key: X-Second
                        from_context: b
                      - key: x-scope-orgid
                        value: static
                      - key: X-Del
                        from_context: c
                        action: delete
                      - key: X-V
                        value: v
                        from_context: d
                """))).containsExactly(
                error(EXT + ".headers[0].action", "update is not supported with from_context: that header is the"
                        + " exporter's tenant header, which nothing else sets, so update would never set it; use upsert"
                        + " (the default) or insert"),
                error(EXT + ".headers[1].from_context", "only one entry may take from_context: its header becomes the"
                        + " exporter's tenant header (headers[0]), and each request carries one tenant; a second header"
                        + " per request would need requests split by both values, which is not supported"),
                error(EXT + ".headers[3].from_context", "not used by action delete (remove it)"),
                error(EXT + ".headers[3].from_context", "only one entry may take from_context: its header becomes the"
                        + " exporter's tenant header (headers[0]), and each request carries one tenant; a second header"
                        + " per request would need requests split by both values, which is not supported"),
                error(EXT + ".headers[4].from_context", "only one of value and from_context may be set"),
                error(EXT + ".headers[4].from_context", "only one entry may take from_context: its header becomes the"
                        + " exporter's tenant header (headers[0]), and each request carries one tenant; a second header"
                        + " per request would need requests split by both values, which is not supported"),
                error(EXT + ".headers[2].key", "X-Scope-OrgID is set per request from the request context by"
                        + " headers[0] (the tenant header): remove this entry"));
        assertThat(errors(extension("""
                      - key: Authorization
                        from_context: token
                      - key: X-Org
                        from_context: org
                        default_value: "two words"
                """))).contains(
                error(EXT + ".headers[0].key", "cannot carry the tenant: Authorization is set by the exporter itself"),
                error(EXT + ".headers[1].default_value", "must be 1 to 150 printable ASCII characters without spaces"
                        + " (it is sent as a header value), got \"two words\"; it is the tenant of requests without org"));
        assertThat(errors(extension("""
                      - key: X-A
                        value: a
                        default_value: b
                """).replace("        value: a\n", "        value: a\n"))).containsExactly(
                error(EXT + ".headers[0].default_value", "only used when from_context finds nothing; next to value it is"
                        + " never sent (remove it)"));
        assertThat(errors(extension("""
                      - key: X-A
                        default_value: b
                """))).contains(error(EXT + ".headers[0].default_value",
                "only used with from_context, when the request has no such key (remove it)"));
    }

    @Test
    void headersSetterFromContextNextToTheExportersOwnTenantRoutingIsRefused() {
        String sameHeader = COLLECTOR_STYLE.replace("    auth:\n", "    tenant: {resource_attribute: tenant}\n    auth:\n");
        assertThat(errors(sameHeader)).containsExactly(error(AUTH, "\"headers_setter\" sets X-Scope-OrgID from_context"
                + " X-Scope-OrgID, and exporters.prometheusremotewrite.tenant routes by tenant into X-Scope-OrgID too:"
                + " take the tenant from one place (the headers_setter entry, or tenant.from_context for max_tenants)"));
        String otherHeader = COLLECTOR_STYLE.replace("    auth:\n",
                "    tenant: {resource_attribute: tenant, header: X-Org}\n    auth:\n");
        assertThat(errors(otherHeader)).containsExactly(error(AUTH, "\"headers_setter\" sets X-Scope-OrgID from_context"
                + " X-Scope-OrgID, but only the tenant header (exporters.prometheusremotewrite.tenant.header: X-Org) can"
                + " be taken per request: a second per-request header would need requests split by both values, which"
                + " is not supported"));
    }

    @Test
    void tenantBlockRefusalsByPath() {
        assertThat(errors(tenant("{from_context: x, resource_attribute: y}")))
                .containsExactly(error("exporters.prometheusremotewrite.tenant",
                        "only one of resource_attribute, from_context may be set"));
        assertThat(errors(tenant("{header: X-Org}")))
                .containsExactly(error("exporters.prometheusremotewrite.tenant",
                        "one of resource_attribute, from_context is required"));
        assertThat(errors(tenant("{from_context: x, keep_attribute: true}")))
                .containsExactly(error("exporters.prometheusremotewrite.tenant.keep_attribute",
                        "only used with resource_attribute: a tenant from_context is no attribute"));
        assertThat(errors(tenant("{from_context: \"\"}"))).contains(error("exporters.prometheusremotewrite.tenant.from_context",
                "must not be empty: the client's request header (metadata key) naming the tenant"));
    }

    @Test
    void batchMetadataKeysAreAcceptedAndTheCardinalityLimitWarns() {
        PipelineConfig config = TestConfigs.loadText(COLLECTOR_STYLE.replace("metadata_keys: [X-Scope-OrgID]",
                "metadata_keys: [X-Scope-OrgID]\n    metadata_cardinality_limit: 50"));
        assertThat(config.processor("batch", BatchProcessorConfig.class).metadataCardinalityLimit()).isEqualTo(50);
        assertThat(config.warnings()).containsExactly("processors.batch.metadata_cardinality_limit: not enforced here:"
                + " the number of tenants is bounded by the exporter's tenant.max_tenants (per sink subtask), and no"
                + " other metadata splits batches");
        assertThat(errors(COLLECTOR_STYLE.replace("metadata_keys: [X-Scope-OrgID]", "metadata_keys: [\"\"]")))
                .containsExactly(error("processors.batch.metadata_keys",
                        "entry 0 is empty: each entry names a request metadata key"));
    }

    /** {@link #COLLECTOR_STYLE} with the headers_setter's entries replaced by {@code entries} (indented 6). */
    private static String extension(String entries) {
        int start = COLLECTOR_STYLE.indexOf("      - key: X-Scope-OrgID\n");
        int end = COLLECTOR_STYLE.indexOf("service:");
        return COLLECTOR_STYLE.substring(0, start) + entries + COLLECTOR_STYLE.substring(end);
    }

    private static String tenant(String block) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http: {include_metadata: true}
                exporters:
                  prometheusremotewrite:
                    endpoint: https://localhost:9090/api/v1/write
                    tenant: %s
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      exporters: [prometheusremotewrite]
                """.formatted(block);
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

}

package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid configurations under {@code config/invalid/}, each with every error it must
 * report, exactly and in order (the Collector's table style). Errors are all collected: a
 * file with five problems gets five errors in one exception.
 */
class InvalidConfigTest {
    private static final String KAFKA_TLS =
            "not supported for Kafka clients (they take ca_file, cert_file, key_file, insecure_skip_verify)";


    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of("auth-conflicts.yaml", List.of(
                        error("exporters.prometheusremotewrite.auth.basic",
                                "one of password, password_file is required"),
                        error("exporters.prometheusremotewrite.auth",
                                "only one of basic, bearer_token may be set"),
                        error("exporters.prometheusremotewrite.auth",
                                "conflicts with headers.Authorization: set credentials in one place"))),
                Arguments.of("bad-component-ids.yaml", List.of(
                        error("receivers.otlp/",
                                "invalid id \"otlp/\": the name after / must not be empty or hold spaces, control characters, symbols or /"),
                        error("receivers.1otlp",
                                "invalid id \"1otlp\": the type must start with a letter and hold only letters, digits and _"),
                        error("processors.batch",
                                "expected a map of batch settings, got 5"))),
                Arguments.of("bad-duration.yaml", List.of(
                        error("exporters.prometheusremotewrite.retry_on_failure.initial_interval",
                                "expected a duration like \"5s\", got \"fast\""))),
                Arguments.of("bad-size.yaml", List.of(
                        error("exporters.prometheusremotewrite.max_batch_size_bytes",
                                "expected a size in bytes like 3000000 or \"10MiB\", got \"10 megabytes\""))),
                Arguments.of("bare-integer-duration.yaml", List.of(
                        error("processors.batch.timeout",
                                "expected a duration like \"5s\", got 5"))),
                Arguments.of("batch-size-too-small.yaml", List.of(
                        error("exporters.prometheusremotewrite.max_batch_size_bytes",
                                "must be at least 1024 (1KiB), got 512"))),
                Arguments.of("batch-max-below-size.yaml", List.of(
                        error("processors.batch.send_batch_max_size",
                                "must be 0 or at least send_batch_size (8192), got 100"))),
                Arguments.of("dead-letter-invalid.yaml", List.of(
                        error("exporters.prometheusremotewrite.dead_letter", "one of directory, kafka is required"),
                        error("exporters.prometheusremotewrite.dead_letter.rotation.max_megabytes",
                                "must be greater than 0, got 0"),
                        error("exporters.prometheusremotewrite/blank.dead_letter.directory",
                                "must not be empty: the folder the dead-letter files are written to"),
                        error("exporters.prometheusremotewrite/both.dead_letter", "only one of directory, kafka may be set"),
                        error("exporters.prometheusremotewrite/kafka.dead_letter.kafka.topic", "required"),
                        error("exporters.prometheusremotewrite/kafka.dead_letter.kafka.partitions",
                                "unknown key (expected one of: brokers, topic, auth, tls)"),
                        error("exporters.prometheusremotewrite/kafka.dead_letter.kafka.brokers",
                                "at least one broker (host:port) is required"),
                        error("exporters.prometheusremotewrite/kafkatls.dead_letter.kafka.auth.sasl.mechanism",
                                "expected one of \"PLAIN\", \"SCRAM-SHA-256\", \"SCRAM-SHA-512\", got \"GSSAPI\""),
                        error("exporters.prometheusremotewrite/kafkatls.dead_letter.kafka.tls.min_version", KAFKA_TLS),
                        error("exporters.prometheusremotewrite/kafkatls.dead_letter.kafka.tls.server_name_override",
                                KAFKA_TLS))),
                Arguments.of("endpoint-not-http.yaml", List.of(
                        error("exporters.prometheusremotewrite.endpoint",
                                "expected an http or https URL like \"https://prometheus:9090/api/v1/write\", got \"prometheus:9090/api/v1/write\""))),
                Arguments.of("exporter-enums.yaml", List.of(
                        error("exporters.prometheusremotewrite.compression",
                                "only \"snappy\" is supported, got \"gzip\": remote write bodies must be snappy-compressed (remove the key or set snappy)"),
                        error("exporters.prometheusremotewrite.translation_strategy",
                                "expected one of \"UnderscoreEscapingWithSuffixes\", \"UnderscoreEscapingWithoutSuffixes\", \"NoUTF8EscapingWithSuffixes\", \"NoTranslation\", got \"underscores\""),
                        error("exporters.prometheusremotewrite.protobuf_message",
                                "expected one of \"prometheus.WriteRequest\", \"io.prometheus.write.v2.Request\", got \"prometheus.WriteRequestV2\""),
                        error("exporters.prometheusremotewrite.on_failure",
                                "expected one of \"drop\", \"fail\", got \"retry\""),
                        error("exporters.debug.verbosity",
                                "expected one of \"basic\", \"normal\", \"detailed\", got \"verbose\""))),
                Arguments.of("exporter-uncompressed-and-ordering.yaml", List.of(
                        error("exporters.prometheusremotewrite.compression",
                                "only \"snappy\" is supported, got \"\": remote write bodies must be snappy-compressed (remove the key or set snappy)"),
                        error("exporters.prometheusremotewrite.ordering.out_of_order_time_window",
                                "must not be negative, got \"-1s\""),
                        error("exporters.prometheusremotewrite.ordering.reorder_window",
                                "at most 5m: every sample waits this long before it is sent"))),
                Arguments.of("tenant-routing.yaml", List.of(
                        error("exporters.prometheusremotewrite.tenant.max_tenants", "must be greater than 0, got 0"),
                        error("exporters.prometheusremotewrite.tenant.keep_attribute",
                                "only used with resource_attribute: a tenant from_context is no attribute"),
                        error("exporters.prometheusremotewrite.tenant.header",
                                "conflicts with headers.x-scope-orgid: tenant routing sets it per request (remove it from headers)"),
                        error("exporters.prometheusremotewrite.tenant.default",
                                "must be 1 to 150 printable ASCII characters without spaces (it is sent as a header value), got \"no spaces please\""),
                        error("exporters.prometheusremotewrite/header.tenant.resource_attribute", "must not be empty"),
                        error("exporters.prometheusremotewrite/header.tenant.header",
                                "cannot carry the tenant: User-Agent is set by the exporter itself"),
                        error("exporters.prometheusremotewrite.tenant.from_context",
                                "takes the tenant from the client's request header X-Scope-OrgID, but no receiver of"
                                        + " pipeline metrics keeps request metadata: set"
                                        + " receivers.otlp.protocols.<http|grpc>.include_metadata: true"))),
                Arguments.of("remote-write-queue-refused.yaml", List.of(
                        error("exporters.prometheusremotewrite.remote_write_queue.enabled",
                                "the queue cannot be disabled here: the sink always buffers, in checkpointed state (remove the key or set true)"),
                        error("exporters.prometheusremotewrite.remote_write_queue.num_consumers",
                                "at most 256 requests in flight per sink subtask, got 300 (add parallelism for more)"))),
                Arguments.of("filter-bad-regexp.yaml", List.of(
                        error("processors.filter/tenant1.metrics.include.metric_names[1]",
                                "invalid regular expression \"(unclosed\": error parsing regexp: missing closing ): `(unclosed`"))),
                Arguments.of("filter-mixed-styles.yaml", List.of(
                        error("processors.filter.error_mode",
                                "expected one of \"ignore\", \"silent\", \"propagate\", got \"loud\""),
                        error("processors.filter.metrics.exclude.match_type",
                                "expected one of \"strict\", \"regexp\", got \"regex\""),
                        error("processors.filter.metrics",
                                "use either include/exclude or metric/datapoint conditions, not both"))),
                Arguments.of("kafka-receiver-invalid.yaml", List.of(
                        error("receivers.kafka.brokers",
                                "expected a list, got \"kafka:9092\""),
                        error("receivers.kafka.encoding",
                                "expected one of \"otlp_proto\", \"otlp_json\", got \"json\""),
                        error("receivers.kafka.initial_offset",
                                "expected one of \"latest\", \"earliest\", got \"oldest\""),
                        error("receivers.kafka.auth.sasl.mechanism",
                                "expected one of \"PLAIN\", \"SCRAM-SHA-256\", \"SCRAM-SHA-512\", got \"GSSAPI\""),
                        error("receivers.kafka.auth.sasl.password",
                                "required"))),
                Arguments.of("memory-limiter-incomplete.yaml", List.of(
                        error("processors.memory_limiter.check_interval",
                                "required, greater than 0"),
                        error("processors.memory_limiter",
                                "one of limit_mib or limit_percentage must be greater than 0"))),
                Arguments.of("memory-limiter-spike-too-large.yaml", List.of(
                        error("processors.memory_limiter.spike_limit_percentage",
                                "must be smaller than limit_percentage (50), got 50"))),
                Arguments.of("missing-endpoint.yaml", List.of(
                        error("exporters.prometheusremotewrite.endpoint",
                                "required"))),
                Arguments.of("no-pipelines.yaml", List.of(
                        error("service.telemetry.metrics.address",
                                "expected host:port like \"0.0.0.0:8888\", got \"8888\""),
                        error("service.pipelines",
                                "required: at least one metrics pipeline"))),
                Arguments.of("otlp-receiver-invalid.yaml", List.of(
                        error("receivers.otlp.protocols",
                                "enable at least one protocol: grpc or http"),
                        error("receivers.otlp.ack",
                                "expected one of \"accepted\", \"checkpoint\", got \"on_checkpoint\""),
                        error("receivers.otlp/tls.protocols.http.endpoint",
                                "expected host:port like \"0.0.0.0:4318\", got \"localhost\""),
                        error("receivers.otlp/tls.protocols.http.tls.cert_file",
                                "required"),
                        error("receivers.otlp/tls.protocols.http.auth.authenticator",
                                "Collector authenticator extensions are not available here; use bearer_token or bearer_token_file"))),
                Arguments.of("pipeline-references.yaml", List.of(
                        error("service.pipelines.metrics.processors[1]",
                                "references processor \"batch\" more than once"),
                        error("service.pipelines.metrics.processors[2]",
                                "references processor \"filter\" which is not configured"),
                        error("service.pipelines.metrics.exporters",
                                "required: at least one exporter"),
                        error("service.pipelines.metrics/a.receivers",
                                "must not be empty"),
                        error("service.pipelines.metrics/a.exporters[0]",
                                "references exporter \"debug\" which is not configured"),
                        error("service.pipelines.signals",
                                "unknown signal \"signals\": pipeline ids are metrics or metrics/<name>"))),
                Arguments.of("prometheus-receiver-invalid.yaml", List.of(
                        error("receivers.prometheus.config.scrape_configs[0].scrape_timeout",
                                "must not be longer than scrape_interval (30s), got 1m"),
                        error("receivers.prometheus.config.scrape_configs[1].scrape_interval",
                                "expected a Prometheus duration like \"30s\" or \"1m\", got \"1.5s\""),
                        error("receivers.prometheus.config.scrape_configs[1].job_name",
                                "another scrape config has the job name \"app\""),
                        error("receivers.prometheus.config.scrape_configs[2].job_name",
                                "required"),
                        error("receivers.prometheus.config.scrape_configs[2].kubernetes_sd_configs",
                                "unknown key (expected one of: job_name, scrape_interval, scrape_timeout, metrics_path, scheme, honor_labels, static_configs, metric_relabel_configs)"))),
                Arguments.of("relabel-both-aliases.yaml", List.of(
                        error("exporters.prometheusremotewrite.write_relabel_configs",
                                "set either metric_relabels or write_relabel_configs (its alias), not both"))),
                Arguments.of("relabel-invalid.yaml", List.of(
                        error("exporters.prometheusremotewrite.metric_relabels[0].target_label",
                                "required for the replace action"),
                        error("exporters.prometheusremotewrite.metric_relabels[1].modulus",
                                "the hashmod action needs a modulus greater than 0"),
                        error("exporters.prometheusremotewrite.metric_relabels[2].regex",
                                "invalid regular expression \"a(b\": error parsing regexp: missing closing ): `a(b`"),
                        error("exporters.prometheusremotewrite.metric_relabels[3]",
                                "the labeldrop action takes only regex"),
                        error("exporters.prometheusremotewrite.metric_relabels[4].replacement",
                                "cannot be set for the uppercase action"),
                        error("exporters.prometheusremotewrite.metric_relabels[5].action",
                                "expected one of \"replace\", \"keep\", \"drop\", \"labeldrop\", \"labelkeep\", \"labelmap\", \"hashmod\", \"lowercase\", \"uppercase\", \"keepequal\", \"dropequal\", got \"Explode\""))),
                Arguments.of("reserved-headers.yaml", List.of(
                        error("exporters.prometheusremotewrite.headers.content-type",
                                "cannot be set: the remote-write protocol fixes this header"),
                        error("exporters.prometheusremotewrite.headers.User-Agent",
                                "cannot be set: the remote-write protocol fixes this header"),
                        error("exporters.prometheusremotewrite.headers.X-Prometheus-Remote-Write-Version",
                                "cannot be set: the remote-write protocol fixes this header"))),
                Arguments.of("resource-actions.yaml", List.of(
                        error("processors.resource.attributes[0]",
                                "the insert action needs one of value, from_attribute, from_context"),
                        error("processors.resource.attributes[1]",
                                "the delete action needs key or pattern"),
                        error("processors.resource.attributes[2].pattern",
                                "required for the extract action"),
                        error("processors.resource.attributes[3].converted_type",
                                "required for the convert action: int, double or string"),
                        error("processors.resource.attributes[4]",
                                "the upsert action takes only one of value, from_attribute"),
                        error("processors.resource.attributes[5].value",
                                "not used by the hash action"),
                        error("processors.resource.attributes[6].pattern",
                                "not used by the update action"),
                        error("processors.resource.attributes[7].action",
                                "expected one of \"insert\", \"update\", \"upsert\", \"delete\", \"hash\", \"extract\", \"convert\", got \"add\""),
                        error("processors.resource.attributes[8].pattern",
                                "has no named groups like (?P<name>...), so extract would add nothing"))),
                Arguments.of("resource-without-attributes.yaml", List.of(
                        error("processors.resource.attributes",
                                "required: a list of actions"))),
                Arguments.of("retry-invalid.yaml", List.of(
                        error("exporters.prometheusremotewrite.timeout",
                                "must not be negative, got \"-5s\""),
                        error("exporters.prometheusremotewrite.retry_on_failure.randomization_factor",
                                "must be between 0 and 1, got 2"),
                        error("exporters.prometheusremotewrite.retry_on_failure.multiplier",
                                "must be greater than 0, got 0"),
                        error("exporters.prometheusremotewrite.retry_on_failure.max_elapsed_time",
                                "must be 0 (retry forever) or not less than initial_interval"))),
                Arguments.of("tls-invalid.yaml", List.of(
                        error("exporters.prometheusremotewrite.tls.min_version",
                                "expected one of \"1.0\", \"1.1\", \"1.2\", \"1.3\", got \"1.4\""),
                        error("exporters.prometheusremotewrite.tls.reload_interval",
                                "expected a duration like \"5s\", got \"often\""),
                        error("exporters.prometheusremotewrite.tls",
                                "set both cert_file and key_file, or neither"))),
                Arguments.of("top-level.yaml", List.of(
                        error("connectors",
                                "unknown key (expected one of: receivers, processors, exporters, extensions, service)"),
                        error("recievers",
                                "unknown key (did you mean receivers?)"))),
                Arguments.of("traces-pipeline.yaml", List.of(
                        error("service.pipelines.traces",
                                "traces pipelines are not supported: this job handles metrics only"))),
                Arguments.of("transform-bad-groups.yaml", List.of(
                        error("processors.transform.metric_statements[0].context",
                                "expected one of \"resource\", \"scope\", \"metric\", \"datapoint\", got \"span\""),
                        error("processors.transform.metric_statements[1].statements",
                                "required: at least one statement"),
                        error("processors.transform.metric_statements[2].statements",
                                "expected a list, got a map"),
                        error("processors.transform.trace_statements",
                                "not supported: this job only handles metrics (use metric_statements)"))),
                Arguments.of("undefined-reference.yaml", List.of(
                        error("service.pipelines.metrics.receivers[0]",
                                "references receiver \"otlp/2\" which is not configured (did you mean otlp?)"))),
                Arguments.of("unknown-key-typo.yaml", List.of(
                        error("exporters.prometheusremotewrite.tls.ca_flie",
                                "unknown key (did you mean ca_file?)"))),
                Arguments.of("unknown-receiver-type.yaml", List.of(
                        error("receivers.jaeger",
                                "unknown receiver type \"jaeger\"; supported: kafka, otlp, prometheus"))),
                Arguments.of("unset-env.yaml", List.of(
                        error("exporters.prometheusremotewrite.endpoint",
                                "environment variable PRW_URL is not set and \"${env:PRW_URL}\" has no default (write ${env:PRW_URL:-default} to give one)"),
                        error("exporters.prometheusremotewrite.headers.X-Scope-OrgID",
                                "environment variable TENANT is not set and \"${TENANT}\" has no default (write ${env:TENANT:-default} to give one)"),
                        error("exporters.prometheusremotewrite.headers.X-Extra",
                                "\"${1}\" is not a valid environment variable reference (write $${1} for a literal \"${1}\")"),
                        error("exporters.prometheusremotewrite.external_labels.region",
                                "\"${file:/etc/region}\" uses the unsupported provider \"file\" (only env is supported; write $${ for a literal ${)"))),
                Arguments.of("unsupported-extension.yaml", List.of(
                        error("extensions.asapclient/prometheus",
                                "extension type \"asapclient\" is not supported: only basicauth, bearertokenauth,"
                                        + " headers_setter, health_check, oauth2client, sigv4auth are"),
                        error("service.extensions[1]",
                                "references extension \"pprof\" which is not configured"))),
                Arguments.of("google-managed-prometheus.yaml", List.of(
                        error("exporters.googlemanagedprometheus",
                                "exporter type \"googlemanagedprometheus\" is not remote write: it writes to Google Cloud"
                                        + " Managed Service for Prometheus through the Cloud Monitoring API, which this job"
                                        + " does not call; keep that exporter in an OpenTelemetry Collector (fed from the"
                                        + " same source) and use prometheusremotewrite here for remote-write receivers"),
                        error("service.pipelines.metrics.exporters[0]",
                                "references exporter \"googlemanagedprometheus\" which is not configured"))),
                Arguments.of("utf8-strategy-needs-rw2.yaml", List.of(
                        error("exporters.prometheusremotewrite.translation_strategy",
                                "NoTranslation keeps UTF-8 names, which need protobuf_message:"
                                        + " io.prometheus.write.v2.Request (remote write 2.0)"))),
                Arguments.of("wrong-types.yaml", List.of(
                        error("exporters.prometheusremotewrite.headers",
                                "expected a map, got a list"),
                        error("exporters.prometheusremotewrite.remote_write_queue.enabled",
                                "expected true or false, got \"yes\""),
                        error("exporters.prometheusremotewrite.remote_write_queue.queue_size",
                                "expected an integer, got \"lots\""),
                        error("exporters.prometheusremotewrite.remote_write_queue.num_consumers",
                                "must not be negative, got -1"),
                        error("exporters.prometheusremotewrite.max_samples_per_send",
                                "must be greater than 0, got 0"),
                        error("exporters.prometheusremotewrite.external_labels.cluster",
                                "expected a string, got a map"),
                        error("exporters.prometheusremotewrite.target_info",
                                "expected a map, got true"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigs")
    void reportsEveryError(String file, List<ConfigError> expected) {
        assertThatThrownBy(() -> TestConfigs.load("invalid/" + file))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.errors()).containsExactlyElementsOf(expected));
    }

    @Test
    void everyInvalidFileIsInTheTable() throws IOException, URISyntaxException {
        Path directory = Path.of(InvalidConfigTest.class.getResource("/config/invalid").toURI());
        List<String> files;
        try (Stream<Path> paths = Files.list(directory)) {
            files = paths.map(path -> path.getFileName().toString()).sorted().toList();
        }
        List<String> inTable = invalidConfigs().map(arguments -> (String) arguments.get()[0]).sorted().toList();
        assertThat(inTable).isEqualTo(files);
    }

    @Test
    void messageListsEveryErrorOnItsOwnLine() {
        assertThatThrownBy(() -> TestConfigs.load("invalid/tls-invalid.yaml"))
                .hasMessage("""
                        invalid configuration (3 errors):
                          exporters.prometheusremotewrite.tls.min_version: expected one of "1.0", "1.1", "1.2", "1.3", got "1.4"
                          exporters.prometheusremotewrite.tls.reload_interval: expected a duration like "5s", got "often"
                          exporters.prometheusremotewrite.tls: set both cert_file and key_file, or neither""");
    }

    @Test
    void yamlSyntaxErrorNamesTheLine() {
        assertThatThrownBy(() -> PipelineConfigLoader.load("receivers:\n  otlp: [unclosed\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).path()).isEmpty();
                    assertThat(e.errors().get(0).message()).isEqualTo("invalid YAML at line 3, column 1: expected ','"
                            + " or ']', but got <stream end> (while parsing a flow sequence at line 2, column 9)");
                });
    }

    @Test
    void keyWrittenTwiceIsAnError() {
        String yaml = TestConfigs.MINIMAL + "receivers:\n  kafka:\n";
        assertThatThrownBy(() -> PipelineConfigLoader.load(yaml, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors().get(0).message())
                        .startsWith("invalid YAML at line").contains("Duplicate field 'receivers'"));
    }

    @Test
    void emptyOrNonMapFile() {
        assertThatThrownBy(() -> PipelineConfigLoader.load("# nothing\n", Map.of()))
                .hasMessage("invalid configuration (1 error):\n  the configuration is empty");
        assertThatThrownBy(() -> PipelineConfigLoader.load("- otlp\n", Map.of()))
                .hasMessage("invalid configuration (1 error):\n"
                        + "  expected a map with receivers, processors, exporters and service, got a list");
    }

    @Test
    void unreadableFile() {
        Path missing = Path.of("does-not-exist.yaml");
        assertThatThrownBy(() -> PipelineConfigLoader.load(missing))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors().get(0).message())
                        .startsWith("cannot read does-not-exist.yaml: java.nio.file.NoSuchFileException"));
    }

    private static ConfigError error(String path, String message) {
        return new ConfigError(path, message);
    }
}

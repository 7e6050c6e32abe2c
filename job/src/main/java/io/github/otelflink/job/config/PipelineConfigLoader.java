package io.github.otelflink.job.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.github.otelflink.job.exporter.ExporterConfig;
import io.github.otelflink.job.exporter.ExporterParsers;
import io.github.otelflink.job.extension.AuthenticatorConfig;
import io.github.otelflink.job.extension.basicauth.BasicAuthExtensionParser;
import io.github.otelflink.job.extension.bearertokenauth.BearerTokenAuthExtensionParser;
import io.github.otelflink.job.extension.headerssetter.HeadersSetterExtensionParser;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionConfig;
import io.github.otelflink.job.extension.healthcheck.HealthCheckExtensionParser;
import io.github.otelflink.job.extension.oauth2client.OAuth2ClientAuthExtensionParser;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionParser;
import io.github.otelflink.job.processor.ProcessorConfig;
import io.github.otelflink.job.processor.ProcessorParsers;
import io.github.otelflink.job.receiver.ReceiverConfig;
import io.github.otelflink.job.receiver.ReceiverParsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads the job's one configuration file, written in the OpenTelemetry Collector's shape:
 * <pre>
 * receivers:  {otlp: ..., kafka: ..., prometheus/self: ...}
 * processors: {batch: ..., memory_limiter: ..., resource: ..., transform: ..., filter/tenant1: ...}
 * exporters:  {prometheusremotewrite: ..., prometheusremotewrite/tenant1: ..., debug: ...}
 * extensions: {health_check: ..., basicauth/x: ..., bearertokenauth/y: ...}
 * service:
 *   extensions: [health_check]
 *   telemetry: {metrics: {address: 0.0.0.0:8888}}
 *   pipelines:
 *     metrics:         {receivers: [otlp], processors: [batch], exporters: [prometheusremotewrite]}
 *     metrics/tenant1: {receivers: [otlp], processors: [filter/tenant1], exporters: [prometheusremotewrite/tenant1]}
 * </pre>
 * Component keys, defaults and meanings are the Collector's; see each config record
 * ({@code OtlpReceiverConfig}, {@code PrometheusRemoteWriteExporterConfig}, ...). Values may
 * use environment variables ({@code ${env:VAR}}, {@code ${VAR}}, {@code ${env:VAR:-default}},
 * {@code $$} for {@code $}).
 *
 * <p>Every problem is collected and reported at once in a {@link ConfigException}, each
 * with the key's path: unknown keys (with "did you mean"), wrong types, bad values,
 * references to undefined components, unset variables. Unused components are warnings in
 * {@link PipelineConfig#warnings()}. Loading has no side effects: no file named in the
 * configuration is opened.
 */
public final class PipelineConfigLoader {

    private PipelineConfigLoader() {}

    /**
     * Loads a file, expanding variables from the process environment.
     *
     * @throws ConfigException listing every problem, or that the file cannot be read
     */
    public static PipelineConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigError("", "cannot read " + file + ": " + e)));
        }
        return load(yaml, System.getenv());
    }

    /**
     * Loads YAML text, expanding variables from {@code env}.
     *
     * @throws ConfigException listing every problem
     */
    public static PipelineConfig load(String yaml, Map<String, String> env) {
        JsonNode root = readTree(yaml);
        EnvSubstitution.Result substitution = EnvSubstitution.apply(root, env);
        ConfigContext context = new ConfigContext(substitution.substitutedPaths(), substitution.failedPaths());
        ConfigNode top = new ConfigNode(context, "", root);

        Map<ComponentId, ReceiverConfig> receivers = new LinkedHashMap<>();
        Map<ComponentId, ProcessorConfig> processors = new LinkedHashMap<>();
        Map<ComponentId, ExporterConfig> exporters = new LinkedHashMap<>();
        Defined defined = new Defined(
                section(top.object("receivers"), "receiver", ReceiverParsers.all(), receivers),
                section(top.object("processors"), "processor", ProcessorParsers.all(), processors),
                section(top.object("exporters"), "exporter", ExporterParsers.all(), exporters),
                new TreeSet<>());
        Map<ComponentId, HealthCheckExtensionConfig> extensions = new LinkedHashMap<>();
        Map<ComponentId, AuthenticatorConfig> authenticators = new LinkedHashMap<>();
        extensions(top.object("extensions"), defined, extensions, authenticators);
        Authenticators.resolve(context, exporters, defined.extensions(), extensions, authenticators);
        ServiceParser.Result service = ServiceParser.parse(
                top.object("service"), defined, receivers, processors, exporters, extensions);
        Authenticators.requireListed(context, service.pipelines(), service.service(), authenticators);
        List<Pipeline> pipelines = RequestMetadataRouting.apply(context, receivers, service.pipelines());
        top.finish();
        context.finishAll();

        List<ConfigError> errors = new ArrayList<>(substitution.errors());
        errors.addAll(context.errors());
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        List<String> warnings = context.warnings().stream().map(ConfigError::toString).toList();
        return new PipelineConfig(receivers, processors, exporters, extensions, authenticators, service.service(),
                pipelines, warnings);
    }

    /** The ids defined in each section, whether or not they parsed. */
    record Defined(
            TreeSet<ComponentId> receivers,
            TreeSet<ComponentId> processors,
            TreeSet<ComponentId> exporters,
            TreeSet<ComponentId> extensions) {}

    private static JsonNode readTree(String yaml) {
        // YAML 1.2 as the Collector reads it: yes/no/on/off are strings, not booleans, and a
        // key written twice is an error rather than the last one silently winning.
        YAMLMapper mapper = YAMLMapper.builder()
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonNode root;
        try {
            root = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(new ConfigError("", yamlError(e))));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(List.of(new ConfigError("", "the configuration is empty")));
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of(new ConfigError("",
                    "expected a map with receivers, processors, exporters and service, got " + ConfigNode.describe(root))));
        }
        return root;
    }

    /** One line: where and what, without SnakeYAML's multi-line source excerpts. */
    private static String yamlError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark problem = yaml.getProblemMark();
            String message = "invalid YAML at line " + (problem.getLine() + 1) + ", column " + (problem.getColumn() + 1)
                    + ": " + yaml.getProblem();
            Mark context = yaml.getContextMark();
            if (yaml.getContext() != null && context != null) {
                message += " (" + yaml.getContext() + " at line " + (context.getLine() + 1) + ", column "
                        + (context.getColumn() + 1) + ")";
            }
            return message;
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return "invalid YAML" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    private static <C extends ComponentConfig> TreeSet<ComponentId> section(
            ConfigNode section, String kind, Map<String, ComponentParser<? extends C>> parsers, Map<ComponentId, C> out) {
        TreeSet<ComponentId> defined = new TreeSet<>();
        for (Map.Entry<String, ConfigNode> entry : section.entries().entrySet()) {
            ConfigNode node = entry.getValue();
            ComponentId id = ComponentId.parse(entry.getKey(), node);
            if (id == null) {
                continue;
            }
            ComponentParser<? extends C> parser = parsers.get(id.type());
            if (parser == null) {
                node.error(unknownType(kind, id.type(), parsers.keySet()));
                continue;
            }
            defined.add(id);
            if (node.isPresent() && !node.isMap()) {
                node.error("expected a map of " + id.type() + " settings, got " + node.describeValue());
                continue;
            }
            C config = parser.parse(id, node);
            node.finish();
            if (config != null) {
                out.put(id, config);
            }
        }
        return defined;
    }

    private static final List<String> EXTENSION_TYPES =
            List.of("basicauth", "bearertokenauth", "headers_setter", "health_check", "oauth2client", "sigv4auth");

    private static void extensions(ConfigNode section, Defined defined,
            Map<ComponentId, HealthCheckExtensionConfig> healthChecks, Map<ComponentId, AuthenticatorConfig> authenticators) {
        for (Map.Entry<String, ConfigNode> entry : section.entries().entrySet()) {
            ConfigNode node = entry.getValue();
            ComponentId id = ComponentId.parse(entry.getKey(), node);
            if (id == null) {
                continue;
            }
            if (!EXTENSION_TYPES.contains(id.type())) {
                node.error("extension type \"" + id.type() + "\" is not supported: only "
                        + String.join(", ", EXTENSION_TYPES) + " are");
                continue;
            }
            defined.extensions().add(id);
            if (node.isPresent() && !node.isMap()) {
                node.error("expected a map of " + id.type() + " settings, got " + node.describeValue());
                continue;
            }
            switch (id.type()) {
                case "health_check" -> healthChecks.put(id, HealthCheckExtensionParser.parse(id, node));
                case "basicauth" -> putIfParsed(authenticators, id, BasicAuthExtensionParser.parse(id, node));
                case "headers_setter" -> putIfParsed(authenticators, id, HeadersSetterExtensionParser.parse(id, node));
                case "oauth2client" -> putIfParsed(authenticators, id, OAuth2ClientAuthExtensionParser.parse(id, node));
                case "sigv4auth" -> putIfParsed(authenticators, id, SigV4AuthExtensionParser.parse(id, node));
                default -> putIfParsed(authenticators, id, BearerTokenAuthExtensionParser.parse(id, node));
            }
        }
    }

    private static void putIfParsed(Map<ComponentId, AuthenticatorConfig> out, ComponentId id,
            @javax.annotation.Nullable AuthenticatorConfig config) {
        if (config != null) {
            out.put(id, config);
        }
    }

    /**
     * Collector exporters that do not speak remote write, with what to do instead: a config brought
     * from the Collector gets the reason in one line rather than a bare "unknown type".
     */
    private static final Map<String, String> NOT_REMOTE_WRITE = Map.of("googlemanagedprometheus",
            "is not remote write: it writes to Google Cloud Managed Service for Prometheus through the Cloud"
                    + " Monitoring API, which this job does not call; keep that exporter in an OpenTelemetry Collector"
                    + " (fed from the same source) and use prometheusremotewrite here for remote-write receivers");

    private static String unknownType(String kind, String type, java.util.Set<String> supported) {
        if (kind.equals("exporter") && NOT_REMOTE_WRITE.containsKey(type)) {
            return "exporter type \"" + type + "\" " + NOT_REMOTE_WRITE.get(type);
        }
        List<String> sorted = supported.stream().sorted().toList();
        String hint = Suggestions.closest(type, sorted).map(s -> " (did you mean " + s + "?)").orElse("");
        return "unknown " + kind + " type \"" + type + "\"" + hint + "; supported: " + String.join(", ", sorted);
    }
}

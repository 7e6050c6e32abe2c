package io.github.otelflink.job.exporter.prometheusremotewrite;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.config.Endpoints;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.config.TlsConfigParser;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.BasicAuth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Client;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.OnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Ordering;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.ProtobufMessage;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RemoteWriteQueue;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RetryOnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Sending;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Translation;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.TranslationStrategy;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Wal;
import io.github.otelflink.job.receiver.kafka.KafkaClientAuth;
import io.github.otelflink.job.relabel.RelabelConfig;
import io.github.otelflink.job.relabel.RelabelConfigParser;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * Reads the {@code prometheusremotewrite} exporter with the Collector's defaults and
 * validation; see {@link PrometheusRemoteWriteExporterConfig} for the keys.
 */
public final class PrometheusRemoteWriteExporterParser implements ComponentParser<PrometheusRemoteWriteExporterConfig> {

    // The remote-write spec fixes these; a user value would break the protocol.
    private static final Set<String> RESERVED_HEADERS =
            Set.of("content-encoding", "content-type", "x-prometheus-remote-write-version", "user-agent");

    private static final long MIN_BATCH_SIZE_BYTES = 1024;
    private static final Duration MAX_REORDER_WINDOW = Duration.ofMinutes(5);
    private static final int MAX_CONSUMERS = 256;
    // RFC 9110 token characters.
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    // Keys are read in the order the config's class comment lists them, across the groups:
    // problems are reported, and unknown-key messages list the known keys, in reading order.
    @Override
    @Nullable
    public PrometheusRemoteWriteExporterConfig parse(ComponentId id, ConfigNode node) {
        URI endpoint = Endpoints.httpUrl(node, "endpoint");
        Map<String, String> headers = headers(node);
        TlsClientConfig tls = TlsConfigParser.client(node.object("tls"));
        Auth auth = auth(node.object("auth"), headers);
        Duration timeout = node.duration("timeout", Client.DEFAULT_TIMEOUT);
        Compression compression = compression(node);
        RetryOnFailure retry = retry(node.object("retry_on_failure"));
        RemoteWriteQueue queue = queue(node.object("remote_write_queue"));
        long maxBatchSizeBytes = node.byteSize("max_batch_size_bytes", Sending.DEFAULT_MAX_BATCH_SIZE_BYTES);
        if (maxBatchSizeBytes < MIN_BATCH_SIZE_BYTES) {
            // A request must hold at least one series with its labels; the sink refuses less.
            node.error("max_batch_size_bytes", "must be at least 1024 (1KiB), got " + maxBatchSizeBytes);
        }
        int maxSamplesPerSend = node.positiveInt("max_samples_per_send", Sending.DEFAULT_MAX_SAMPLES_PER_SEND);
        Translation translation = translation(node);
        ProtobufMessage protobufMessage =
                node.choice("protobuf_message", ProtobufMessage.PROMETHEUS_WRITE_REQUEST, ProtobufMessage.class);
        Wal wal = wal(node);
        List<RelabelConfig> relabels = relabels(node);
        OnFailure onFailure = node.choice("on_failure", OnFailure.DROP, OnFailure.class);
        Ordering ordering = ordering(node.object("ordering"));
        TenantRoutingConfig tenant = tenant(node.object("tenant"), headers);
        DeadLetterConfig deadLetter = deadLetter(node);
        node.finish();

        if (!translation.effectiveTranslationStrategy().escapesNames()
                && protobufMessage != ProtobufMessage.IO_PROMETHEUS_WRITE_V2_REQUEST) {
            // As the Collector: UTF-8 names need remote write 2.0 (Prometheus 3 reads them there).
            node.error("translation_strategy", translation.effectiveTranslationStrategy().configName()
                    + " keeps UTF-8 names, which need protobuf_message: "
                    + ProtobufMessage.IO_PROMETHEUS_WRITE_V2_REQUEST.configName() + " (remote write 2.0)");
        }
        if (endpoint != null && endpoint.getScheme().equalsIgnoreCase("http") && tls.isCustomized()) {
            node.warn("tls", "not used: the endpoint is http://, not https://");
        }
        if (endpoint == null) {
            return null;
        }
        return new PrometheusRemoteWriteExporterConfig(id,
                new Client(endpoint, headers, tls, auth, timeout, compression),
                new Sending(retry, queue, maxBatchSizeBytes, maxSamplesPerSend, protobufMessage, wal, onFailure,
                        deadLetter),
                translation, relabels, ordering, tenant);
    }

    @Nullable
    private static TenantRoutingConfig tenant(ConfigNode node, Map<String, String> headers) {
        if (!node.isPresent()) {
            return null;
        }
        String source = node.requireOneOf("resource_attribute", "from_context");
        String attribute = node.optionalString("resource_attribute");
        String fromContext = node.optionalString("from_context");
        String header = node.string("header", TenantRoutingConfig.DEFAULT_HEADER);
        String defaultTenant = node.string("default", TenantRoutingConfig.DEFAULT_TENANT);
        int maxTenants = node.positiveInt("max_tenants", TenantRoutingConfig.DEFAULT_MAX_TENANTS);
        boolean keep = node.bool("keep_attribute", false);
        if (fromContext != null && node.hasValue("keep_attribute")) {
            node.error("keep_attribute", "only used with resource_attribute: a tenant from_context is no attribute");
        }
        node.finish();
        if (attribute != null && attribute.isEmpty()) {
            node.error("resource_attribute", "must not be empty");
        }
        if (fromContext != null && fromContext.isEmpty()) {
            node.error("from_context", "must not be empty: the client's request header (metadata key) naming the tenant");
        }
        String headerProblem = tenantHeaderProblem(header);
        if (headerProblem != null) {
            node.error("header", headerProblem);
        }
        for (String name : headers.keySet()) {
            if (name.equalsIgnoreCase(header)) {
                node.error("header", "conflicts with headers." + name
                        + ": tenant routing sets it per request (remove it from headers)");
            }
        }
        if (!TenantRouting.isValidTenant(defaultTenant)) {
            node.error("default", defaultTenantProblem(defaultTenant));
        }
        if (source == null) {
            return null;
        }
        return attribute != null
                ? new TenantRoutingConfig(attribute, header, defaultTenant, maxTenants, keep)
                : TenantRoutingConfig.fromContext(fromContext, header, defaultTenant, maxTenants);
    }

    /** Why {@code header} cannot carry the tenant, or null when it can. */
    @Nullable
    public static String tenantHeaderProblem(String header) {
        if (!HEADER_NAME.matcher(header).matches()) {
            return "not a valid HTTP header name: " + ConfigNode.quote(header);
        }
        if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT)) || header.equalsIgnoreCase("Authorization")) {
            return "cannot carry the tenant: " + header + " is set by the exporter itself";
        }
        return null;
    }

    /** The refusal of a default tenant that is no valid tenant. */
    public static String defaultTenantProblem(String defaultTenant) {
        return "must be 1 to " + TenantRouting.MAX_TENANT_LENGTH
                + " printable ASCII characters without spaces (it is sent as a header value), got "
                + ConfigNode.quote(defaultTenant);
    }

    private static Translation translation(ConfigNode node) {
        String namespace = node.string("namespace", "");
        Map<String, String> externalLabels = externalLabels(node);
        boolean resourceToTelemetry = enabled(node, "resource_to_telemetry_conversion", false);
        boolean targetInfo = enabled(node, "target_info", true);
        boolean addMetricSuffixes = node.bool("add_metric_suffixes", true);
        TranslationStrategy strategy = node.optionalChoice("translation_strategy", TranslationStrategy.class, false);
        if (strategy != null && node.hasValue("add_metric_suffixes")) {
            node.warn("add_metric_suffixes", "ignored: translation_strategy decides about suffixes");
        }
        boolean sendMetadata = node.bool("send_metadata", false);
        return new Translation(namespace, externalLabels, resourceToTelemetry, targetInfo, addMetricSuffixes, strategy,
                sendMetadata);
    }

    private static Map<String, String> headers(ConfigNode node) {
        Map<String, String> headers = node.stringMap("headers");
        for (String name : headers.keySet()) {
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                node.error("headers." + name, "cannot be set: the remote-write protocol fixes this header");
            }
        }
        return headers;
    }

    private static Auth auth(ConfigNode node, Map<String, String> headers) {
        if (!node.isPresent()) {
            return Auth.NONE;
        }
        String authenticator = node.optionalString("authenticator");
        BasicAuth basic = basic(node.object("basic"));
        String bearerToken = node.optionalString("bearer_token");
        String bearerTokenFile = node.optionalString("bearer_token_file");
        node.requireAtMostOneOf("basic", "bearer_token", "bearer_token_file");
        node.finish();
        boolean credentials = node.hasValue("basic") || bearerToken != null || bearerTokenFile != null;
        if (authenticator != null && credentials) {
            // The loader resolves the authenticator to its extension's credentials (Authenticators).
            String other = node.hasValue("basic") ? "basic" : bearerToken != null ? "bearer_token" : "bearer_token_file";
            node.error("authenticator", "conflicts with auth." + other + ": set credentials in one place");
        }
        // Next to an authenticator the header is replaced on every request, as the Collector does
        // (Authenticators warns about it); next to this job's own credential keys it is a conflict.
        if (credentials) {
            headers.keySet().stream()
                    .filter(name -> name.equalsIgnoreCase("Authorization"))
                    .forEach(name -> node.error("conflicts with headers." + name + ": set credentials in one place"));
        }
        return new Auth(authenticator, basic, bearerToken, bearerTokenFile);
    }

    @Nullable
    private static BasicAuth basic(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        String username = node.requiredString("username");
        String password = node.optionalString("password");
        String passwordFile = node.optionalString("password_file");
        node.requireOneOf("password", "password_file");
        node.finish();
        return username == null ? null : new BasicAuth(username, password, passwordFile);
    }

    private static Compression compression(ConfigNode node) {
        String text = node.string("compression", Compression.SNAPPY.configName());
        switch (text) {
            case "snappy":
                return Compression.SNAPPY;
            default:
                // Refused rather than ignored: the remote-write spec requires snappy bodies, and
                // Prometheus answers an uncompressed one with 400 "snappy: corrupt input".
                node.error("compression", "only \"snappy\" is supported, got " + ConfigNode.quote(text)
                        + ": remote write bodies must be snappy-compressed (remove the key or set snappy)");
                return Compression.SNAPPY;
        }
    }

    private static Ordering ordering(ConfigNode node) {
        if (!node.isPresent()) {
            return Ordering.DEFAULT;
        }
        Duration reorderWindow = node.optionalDuration("reorder_window");
        Duration outOfOrder = node.duration("out_of_order_time_window", Duration.ZERO);
        node.finish();
        if (reorderWindow != null && reorderWindow.compareTo(MAX_REORDER_WINDOW) > 0) {
            node.error("reorder_window", "at most " + GoDurations.format(MAX_REORDER_WINDOW)
                    + ": every sample waits this long before it is sent");
        }
        return new Ordering(reorderWindow, outOfOrder);
    }

    @Nullable
    private static DeadLetterConfig deadLetter(ConfigNode node) {
        if (!node.has("dead_letter")) {
            return null;
        }
        ConfigNode d = node.object("dead_letter");
        String target = d.requireOneOf("directory", "kafka");
        String directory = d.optionalString("directory");
        ConfigNode rotation = d.object("rotation");
        int maxMegabytes = rotation.positiveInt("max_megabytes", DeadLetterConfig.DEFAULT_MAX_MEGABYTES);
        rotation.finish();
        KafkaDeadLetterTarget kafka = kafka(d.object("kafka"));
        d.finish();
        if (directory != null && directory.isBlank()) {
            d.error("directory", "must not be empty: the folder the dead-letter files are written to");
            return null;
        }
        if (kafka != null && d.hasValue("rotation")) {
            d.error("rotation", "only for dead_letter.directory: Kafka records are not rotated");
        }
        if (target == null || (directory == null && kafka == null)) {
            return null;
        }
        return new DeadLetterConfig(directory, maxMegabytes * 1024L * 1024L, kafka);
    }

    @Nullable
    private static KafkaDeadLetterTarget kafka(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        List<String> brokers = node.stringList("brokers");
        String topic = node.requiredString("topic");
        KafkaClientAuth auth = KafkaClientAuth.parse(node);
        node.finish();
        if (brokers.isEmpty()) {
            node.error("brokers", "at least one broker (host:port) is required");
            return null;
        }
        return topic == null ? null : new KafkaDeadLetterTarget(brokers, topic, auth);
    }

    private static RetryOnFailure retry(ConfigNode node) {
        RetryOnFailure defaults = RetryOnFailure.DEFAULT;
        boolean enabled = node.bool("enabled", defaults.enabled());
        Duration initial = node.duration("initial_interval", defaults.initialInterval());
        double randomization = node.number("randomization_factor", defaults.randomizationFactor(), 0, 1);
        double multiplier = node.number("multiplier", defaults.multiplier(), 0, Double.MAX_VALUE);
        Duration maxInterval = node.duration("max_interval", defaults.maxInterval());
        Duration maxElapsed = node.duration("max_elapsed_time", defaults.maxElapsedTime());
        node.finish();
        if (enabled) {
            // The Collector's configretry rules.
            if (multiplier <= 0 && node.hasValue("multiplier")) {
                node.error("multiplier", "must be greater than 0, got 0");
            }
            if (!maxElapsed.isZero() && maxElapsed.compareTo(initial) < 0) {
                node.error("max_elapsed_time", "must be 0 (retry forever) or not less than initial_interval");
            } else if (!maxElapsed.isZero() && maxElapsed.compareTo(maxInterval) < 0) {
                node.error("max_elapsed_time", "must be 0 (retry forever) or not less than max_interval");
            }
        }
        return new RetryOnFailure(enabled, initial, randomization, multiplier, maxInterval, maxElapsed);
    }

    private static RemoteWriteQueue queue(ConfigNode node) {
        RemoteWriteQueue defaults = RemoteWriteQueue.DEFAULT;
        boolean enabled = node.bool("enabled", defaults.enabled());
        int queueSize = node.nonNegativeInt("queue_size", defaults.queueSize());
        int numConsumers = node.nonNegativeInt("num_consumers", defaults.numConsumers());
        node.finish();
        if (!enabled) {
            // Refused rather than ignored: there is no unbuffered send path to switch to.
            node.error("enabled", "the queue cannot be disabled here: the sink always buffers, in checkpointed state"
                    + " (remove the key or set true)");
        }
        if (queueSize == 0 && node.hasValue("queue_size")) {
            node.error("queue_size", "must be greater than 0 (a 0 size queue drops all data)");
        }
        if (numConsumers == 0 && node.hasValue("num_consumers")) {
            node.error("num_consumers", "must be greater than 0");
        } else if (numConsumers > MAX_CONSUMERS) {
            node.error("num_consumers", "at most " + MAX_CONSUMERS + " requests in flight per sink subtask, got "
                    + numConsumers + " (add parallelism for more)");
        }
        return new RemoteWriteQueue(enabled, queueSize, numConsumers);
    }

    private static Map<String, String> externalLabels(ConfigNode node) {
        Map<String, String> labels = node.stringMap("external_labels");
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (label.getKey().isEmpty() || label.getValue().isEmpty()) {
                node.error("external_labels." + label.getKey(), "external labels need a non-empty name and value");
            }
        }
        return labels;
    }

    private static boolean enabled(ConfigNode node, String key, boolean defaultValue) {
        ConfigNode section = node.object(key);
        boolean enabled = section.bool("enabled", defaultValue);
        section.finish();
        return enabled;
    }

    @Nullable
    private static Wal wal(ConfigNode node) {
        if (!node.has("wal")) {
            return null;
        }
        ConfigNode wal = node.object("wal");
        String directory = wal.optionalString("directory");
        int bufferSize = wal.positiveInt("buffer_size", Wal.DEFAULT_BUFFER_SIZE);
        Duration truncate = wal.duration("truncate_frequency", Wal.DEFAULT_TRUNCATE_FREQUENCY);
        wal.finish();
        node.warn("wal", "not used: unsent samples are kept in Flink checkpoints instead of a write-ahead log");
        return new Wal(directory, bufferSize, truncate);
    }

    private static List<RelabelConfig> relabels(ConfigNode node) {
        if (node.hasValue("metric_relabels") && node.hasValue("write_relabel_configs")) {
            node.error("write_relabel_configs", "set either metric_relabels or write_relabel_configs (its alias), not both");
            return List.of();
        }
        return node.hasValue("write_relabel_configs")
                ? RelabelConfigParser.parseList(node, "write_relabel_configs")
                : RelabelConfigParser.parseList(node, "metric_relabels");
    }
}

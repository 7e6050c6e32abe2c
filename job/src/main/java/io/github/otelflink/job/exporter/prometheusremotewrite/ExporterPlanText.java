package io.github.otelflink.job.exporter.prometheusremotewrite;

import io.github.otelflink.job.config.ByteSizes;
import io.github.otelflink.job.config.GoDurations;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Client;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Ordering;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.ProtobufMessage;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RemoteWriteQueue;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RetryOnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Sending;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Translation;
import io.github.otelflink.job.extension.oauth2client.OAuth2ClientAuthExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4RequestSigner;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.job.relabel.RelabelConfig;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/** The one-line plan of an exporter that {@code --validate} prints (never a secret). */
final class ExporterPlanText {

    private ExporterPlanText() {}

    static String of(PrometheusRemoteWriteExporterConfig e, @Nullable BatchProcessorConfig batch) {
        Client client = e.client();
        Sending sending = e.sending();
        Translation translation = e.translation();
        List<RelabelConfig> metricRelabels = e.metricRelabels();
        Ordering ordering = e.ordering();
        List<String> parts = new ArrayList<>();
        parts.add("POST " + client.endpoint());
        parts.add(sending.protobufMessage() == ProtobufMessage.PROMETHEUS_WRITE_REQUEST
                ? "remote write 1.0" : "remote write 2.0");
        parts.add("snappy");
        if (client.endpoint().getScheme().equalsIgnoreCase("https")) {
            parts.add(client.tls().hasClientCertificate() ? "mTLS" : "TLS");
        }
        Auth auth = client.auth();
        if (auth.basic() != null) {
            parts.add("basic auth");
        } else if (auth.bearerToken() != null || auth.bearerTokenFile() != null) {
            parts.add("bearer token");
        } else if (auth.extension() instanceof OAuth2ClientAuthExtensionConfig oauth2) {
            parts.add("OAuth2 token from " + oauth2.tokenUrl());
        } else if (auth.extension() instanceof SigV4AuthExtensionConfig sigv4) {
            // The region and service as the signer infers them from this exporter's endpoint.
            parts.add(SigV4RequestSigner.forEndpoint(sigv4, client.endpoint()).toString());
        } else if (auth.authenticator() != null) {
            parts.add("auth " + auth.authenticator());
        }
        if (!client.headers().isEmpty()) {
            parts.add("headers " + String.join(", ", client.headers().keySet()));
        }
        parts.add("timeout " + (client.timeout().isZero() ? "none" : GoDurations.format(client.timeout())));
        RetryOnFailure retry = sending.retryOnFailure();
        parts.add(retry.enabled()
                ? "retry " + GoDurations.format(retry.initialInterval()) + ".."
                        + GoDurations.format(retry.maxInterval()) + " for up to "
                        + (retry.maxElapsedTime().isZero() ? "ever" : GoDurations.format(retry.maxElapsedTime()))
                : "no retry");
        RemoteWriteQueue queue = sending.remoteWriteQueue(); // never disabled: the parser refuses enabled: false
        int perSend = RemoteWriteSinkFactory.samplesPerSend(sending, batch);
        int buffered = RemoteWriteSinkFactory.bufferedSamples(queue, perSend);
        // The sizes the sink runs with: the batch processor's batch and at least two per consumer.
        parts.add("queue " + buffered + " samples"
                + (buffered > queue.queueSize() ? " (queue_size " + queue.queueSize() + " raised to two batches per consumer)" : "")
                + " x " + queue.numConsumers() + " consumers");
        parts.add("batches up to " + ByteSizes.format(sending.maxBatchSizeBytes()) + " / " + perSend + " samples"
                + (batch != null ? " (processors." + batch.id() + ")" : ""));
        parts.add("names " + translation.effectiveTranslationStrategy().configName()
                + (translation.namespace().isEmpty() ? "" : " in namespace " + translation.namespace()));
        if (translation.resourceToTelemetryConversion()) {
            parts.add("resource attributes as labels");
        }
        if (!translation.targetInfo()) {
            parts.add("no target_info");
        }
        if (!translation.externalLabels().isEmpty()) {
            parts.add("external labels " + translation.externalLabels());
        }
        if (!metricRelabels.isEmpty()) {
            parts.add(metricRelabels.size() + (metricRelabels.size() == 1 ? " relabel rule" : " relabel rules"));
        }
        parts.add("on failure " + sending.onFailure().configName());
        if (ordering.reorderWindow() != null) {
            parts.add("reorder window " + GoDurations.format(ordering.reorderWindow()));
        }
        if (!ordering.outOfOrderTimeWindow().isZero()) {
            parts.add("late samples sent within " + GoDurations.format(ordering.outOfOrderTimeWindow()));
        }
        TenantRoutingConfig tenant = e.tenant();
        if (tenant != null) {
            parts.add("tenants from " + (tenant.fromContext() != null ? "request header " + tenant.fromContext()
                    : "resource attribute " + tenant.resourceAttribute()) + " in header " + tenant.header()
                    + " (default " + tenant.defaultTenant() + ", at most " + tenant.maxTenants() + ")");
        }
        return String.join(", ", parts);
    }
}

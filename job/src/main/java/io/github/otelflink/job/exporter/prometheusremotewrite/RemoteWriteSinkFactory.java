package io.github.otelflink.job.exporter.prometheusremotewrite;

import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Auth;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Client;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RemoteWriteQueue;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.RetryOnFailure;
import io.github.otelflink.job.exporter.prometheusremotewrite.PrometheusRemoteWriteExporterConfig.Sending;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.TenantSource;
import io.github.otelflink.job.extension.bearertokenauth.BearerTokenAuthExtensionConfig;
import io.github.otelflink.job.extension.headerssetter.HeadersSetter;
import io.github.otelflink.job.extension.headerssetter.HeadersSetterExtensionConfig;
import io.github.otelflink.job.extension.oauth2client.OAuth2ClientAuthExtensionConfig;
import io.github.otelflink.job.extension.oauth2client.OAuth2TokenSigner;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig;
import io.github.otelflink.job.extension.sigv4auth.SigV4RequestSigner;
import io.github.otelflink.job.processor.batch.BatchProcessorConfig;
import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSinkBuilder;
import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.http.AuthOptions;
import io.github.otelflink.sink.remotewrite.retry.RetryPolicy;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import io.github.otelflink.sink.remotewrite.writer.FailurePolicy;

import javax.annotation.Nullable;

import java.time.Duration;

/**
 * Builds the remote-write sink for a {@code prometheusremotewrite} exporter. A pipeline's
 * {@code batch} processor decides the batch shape: {@code send_batch_max_size} (or {@code
 * send_batch_size}) points per request and {@code timeout} as the flush interval, as the
 * Collector's batch processor would hand batches to its exporter. {@code remote_write_queue} sets
 * the requests in flight and the buffer (see {@link RemoteWriteQueue}).
 */
public final class RemoteWriteSinkFactory {
    /** Bounds a token request when neither the extension nor the exporter sets a timeout (the sink's default). */
    static final Duration DEFAULT_TOKEN_TIMEOUT = Duration.ofSeconds(5);

    private RemoteWriteSinkFactory() {}

    public static PrometheusRemoteWriteSink create(
            PrometheusRemoteWriteExporterConfig exporter, @Nullable BatchProcessorConfig batch) {
        Client client = exporter.client();
        Sending sending = exporter.sending();
        PrometheusRemoteWriteSinkBuilder b = PrometheusRemoteWriteSink.builder()
                .endpoint(client.endpoint())
                .headers(client.headers())
                .tls(tls(client.tls()))
                .auth(auth(client.auth()))
                .retry(retry(sending.retryOnFailure()))
                .onFailure(sending.onFailure() == PrometheusRemoteWriteExporterConfig.OnFailure.FAIL
                        ? FailurePolicy.FAIL : FailurePolicy.DROP)
                .protocol(sending.protobufMessage() == PrometheusRemoteWriteExporterConfig.ProtobufMessage.PROMETHEUS_WRITE_REQUEST
                        ? RemoteWriteProtocol.V1 : RemoteWriteProtocol.V2)
                .sendMetadata(exporter.translation().sendMetadata())
                .maxBatchSizeBytes(sending.maxBatchSizeBytes())
                .maxSamplesPerSend(sending.maxSamplesPerSend())
                // The job keys series by a shard of the same fingerprint before the sink.
                .partitionBySeries(false);
        if (!client.timeout().isZero()) {
            b.timeout(client.timeout());
        }
        // One authenticator per exporter; those that compute headers per request are signers.
        if (client.auth().extension() instanceof HeadersSetterExtensionConfig headersSetter) {
            b.requestSigner(new HeadersSetter(headersSetter.headers()));
        } else if (client.auth().extension() instanceof SigV4AuthExtensionConfig sigv4) {
            b.requestSigner(SigV4RequestSigner.forEndpoint(sigv4, client.endpoint()));
        } else if (client.auth().extension() instanceof OAuth2ClientAuthExtensionConfig oauth2) {
            // An unset token timeout (the Collector's: none) would let a silent token endpoint
            // hold the sink forever; the exporter's own timeout bounds it instead.
            Duration tokenTimeout = client.timeout().isZero() ? DEFAULT_TOKEN_TIMEOUT : client.timeout();
            b.requestSigner(OAuth2TokenSigner.create(oauth2, tls(oauth2.tls()), tokenTimeout));
        }
        int samplesPerSend = samplesPerSend(sending, batch);
        if (batch != null) {
            b.maxSamplesPerSend(samplesPerSend);
            b.flushInterval(batch.timeout().isZero() ? Duration.ofMillis(1) : batch.timeout());
        }
        DeadLetterConfig deadLetter = sending.deadLetter();
        if (deadLetter != null) {
            b.deadLetters(deadLetter.kafka() != null
                    ? deadLetter.kafka()
                    : DeadLetterTarget.directory(deadLetter.directory(), deadLetter.maxFileBytes()));
        }
        RemoteWriteQueue queue = sending.remoteWriteQueue();
        b.maxConcurrentRequests(queue.numConsumers());
        b.maxBufferedSamples(bufferedSamples(queue, samplesPerSend));
        if (exporter.tenant() != null) {
            TenantRoutingConfig t = exporter.tenant();
            b.tenantRouting(new TenantRouting(TenantSource.LABEL, t.header(), t.defaultTenant(), t.maxTenants()));
        } else {
            // Series held or buffered in a savepoint taken while tenant routing was on still carry
            // the routing label after it is turned off: it is internal, never a label to send.
            b.omitLabel(TenantSource.LABEL);
        }
        return b.build();
    }

    /** Samples per request: the pipeline's batch processor's batch, else {@code max_samples_per_send}. */
    static int samplesPerSend(Sending sending, @Nullable BatchProcessorConfig batch) {
        if (batch == null) {
            return sending.maxSamplesPerSend();
        }
        return batch.sendBatchMaxSize() > 0 ? batch.sendBatchMaxSize() : batch.sendBatchSize();
    }

    /**
     * {@code queue_size} samples, but at least two full batches per consumer: with less, the
     * buffer would backpressure before a lane's batch could fill.
     */
    static int bufferedSamples(RemoteWriteQueue queue, int samplesPerSend) {
        long atLeast = 2L * queue.numConsumers() * samplesPerSend;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(queue.queueSize(), atLeast));
    }

    static TlsOptions tls(TlsClientConfig c) {
        TlsOptions o = TlsOptions.defaults()
                .withCaFile(c.caFile())
                .withClientCertificate(c.certFile(), c.keyFile())
                .withServerNameOverride(c.serverNameOverride())
                .withInsecureSkipVerify(c.insecureSkipVerify())
                .withMinVersion(c.minVersion());
        if (c.reloadInterval() != null && !c.reloadInterval().isZero()) {
            o = o.withReloadInterval(c.reloadInterval());
        }
        return o;
    }

    /** The sink's credentials for an exporter's {@code auth}, with a bearertokenauth extension's header and scheme. */
    public static AuthOptions auth(Auth a) {
        if (a.basic() != null) {
            return a.basic().passwordFile() != null
                    ? AuthOptions.basicWithPasswordFile(a.basic().username(), a.basic().passwordFile())
                    : AuthOptions.basic(a.basic().username(), a.basic().password());
        }
        AuthOptions token = a.bearerTokenFile() != null ? AuthOptions.bearerFromFile(a.bearerTokenFile())
                : a.bearerToken() != null ? AuthOptions.bearer(a.bearerToken()) : AuthOptions.none();
        if (a.extension() instanceof BearerTokenAuthExtensionConfig b) {
            token = token.withTokenHeader(b.header(), b.scheme());
        }
        return token;
    }

    static RetryPolicy retry(RetryOnFailure r) {
        return new RetryPolicy(r.enabled(), r.initialInterval(), r.randomizationFactor(), r.multiplier(),
                r.maxInterval(), r.maxElapsedTime());
    }
}

package io.github.otelflink.job.extension.sigv4auth;

import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig.AssumeRole;
import io.github.otelflink.sink.remotewrite.http.RequestSigner;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs each remote-write request with AWS Signature Version 4 through the AWS SDK for Java's
 * {@link AwsV4HttpSigner}, over the exact body that is sent ({@code x-amz-content-sha256} carries
 * its SHA-256, as Amazon Managed Service for Prometheus expects). The signer is serialized with the
 * job; the credentials are resolved on the task manager, on the first request, and refreshed by the
 * SDK's providers as they expire.
 */
public final class SigV4RequestSigner implements RequestSigner {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SigV4RequestSigner.class);

    /** Headers the SDK signs but the HTTP client sets itself from the same URI. */
    private static final String HOST = "host";

    private final String extension;
    private final String region;
    private final String service;
    private final CredentialsSource credentials;
    private final Clock clock;

    private transient volatile Resolved resolved;

    /**
     * The signer for one exporter's endpoint: the extension's region and service, or those its host
     * names (see {@link AwsEndpointHost}), else service {@code aps}.
     *
     * @throws IllegalArgumentException when no region is configured and the host names none
     */
    public static SigV4RequestSigner forEndpoint(SigV4AuthExtensionConfig config, URI endpoint) {
        AwsEndpointHost host = AwsEndpointHost.of(endpoint.getHost());
        String region = config.region() != null ? config.region() : host.region();
        if (region == null) {
            throw new IllegalArgumentException("the endpoint " + endpoint + " does not name an AWS region"
                    + " (as https://aps-workspaces.<region>.amazonaws.com/... does)");
        }
        String service = config.service() != null ? config.service()
                : host.service() != null ? host.service() : SigV4AuthExtensionConfig.DEFAULT_SERVICE;
        return new SigV4RequestSigner(config.id().toString(), region, service,
                new CredentialsSource.DefaultChain(config.assumeRole(), region), Clock.systemUTC());
    }

    SigV4RequestSigner(String extension, String region, String service, CredentialsSource credentials, Clock clock) {
        this.extension = Objects.requireNonNull(extension, "extension");
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The region requests are signed for. */
    public String region() {
        return region;
    }

    /** The service requests are signed for. */
    public String service() {
        return service;
    }

    /** The role assumed through STS, or null for the default chain's own credentials. */
    @Nullable
    public AssumeRole assumeRole() {
        return credentials instanceof CredentialsSource.DefaultChain chain ? chain.assumeRole() : null;
    }

    @Override
    public void sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        Resolved r = resolve();
        AwsCredentialsIdentity identity;
        try {
            identity = r.provider().resolveCredentials();
        } catch (RuntimeException e) {
            // Thrown into the client's send: a failed attempt the sink counts, logs and retries.
            throw new IllegalStateException(extension + ": cannot get AWS credentials to sign the request ("
                    + rootMessage(e) + ") from " + credentials + "; the task managers need credentials from the"
                    + " AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, web identity"
                    + " or an instance role)", e);
        }
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        request.putHeader("x-amz-content-sha256", sha256Hex(body));
        SignedRequest signed = r.signer().sign(s -> s.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase(HOST) && !h.getValue().isEmpty()) {
                headers.put(h.getKey(), h.getValue().get(0));
            }
        }
    }

    private Resolved resolve() {
        Resolved r = resolved;
        if (r == null) {
            synchronized (this) {
                r = resolved;
                if (r == null) {
                    r = new Resolved(credentials.provider(), AwsV4HttpSigner.create());
                    LOG.info("{}: signing requests with AWS SigV4 for service {} in region {}, credentials from {}",
                            extension, service, region, credentials);
                    resolved = r;
                }
            }
        }
        return r;
    }

    static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Equal when they sign alike: same region, service and credential source. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SigV4RequestSigner s && extension.equals(s.extension) && region.equals(s.region)
                && service.equals(s.service) && credentials.equals(s.credentials);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extension, region, service, credentials);
    }

    @Override
    public String toString() {
        return "AWS SigV4 (" + extension + ", service " + service + ", region " + region + ")";
    }

    private record Resolved(AwsCredentialsProvider provider, AwsV4HttpSigner signer) {}
}

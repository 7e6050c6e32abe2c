package io.github.otelflink.job.extension.sigv4auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig.AssumeRole;
import io.github.otelflink.testing.SigV4SignatureCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The signer's requests, recomputed by test-harness's {@link SigV4SignatureCheck} (the documented
 * algorithm, written without the AWS SDK) from known static credentials.
 */
class SigV4RequestSignerTest {

    private static final String KEY = "AKIDSIGV4TEST";
    private static final String SECRET = "sigv4-test-secret/K7MDENG+bPxRfi";
    private static final URI AMP = URI.create(
            "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234/api/v1/remote_write");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T19:00:00Z"), ZoneOffset.UTC);
    private static final byte[] BODY = "snappy-compressed-write-request".getBytes(StandardCharsets.UTF_8);

    /** Static credentials, as a test's stand-in for the default chain. */
    private record Static(String key, String secret, String sessionToken) implements CredentialsSource {
        @Override
        public AwsCredentialsProvider provider() {
            return StaticCredentialsProvider.create(sessionToken == null ? AwsBasicCredentials.create(key, secret)
                    : AwsSessionCredentials.create(key, secret, sessionToken));
        }
    }

    private static SigV4RequestSigner signer(CredentialsSource credentials) {
        return new SigV4RequestSigner("sigv4auth", "eu-west-1", "aps", credentials, CLOCK);
    }

    private static Map<String, String> remoteWriteHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Scope-OrgID", "tenant-1");
        headers.put("Content-Encoding", "snappy");
        headers.put("Content-Type", "application/x-protobuf");
        headers.put("X-Prometheus-Remote-Write-Version", "0.1.0");
        headers.put("User-Agent", "otel-flink-prometheus/0.1.0");
        return headers;
    }

    /** What the receiver sees: the signed headers plus the Host the HTTP client derives from the URI. */
    private static SigV4SignatureCheck.Result check(Map<String, String> headers, URI uri, byte[] body, String secret) {
        Map<String, List<String>> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> received.put(k, List.of(v)));
        received.put("Host", List.of(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort()));
        return SigV4SignatureCheck.check("POST", uri.getRawPath(), uri.getRawQuery(), received, body, Map.of(KEY, secret));
    }

    @Test
    void signatureMatchesAnIndependentRecomputation() {
        Map<String, String> headers = remoteWriteHeaders();
        signer(new Static(KEY, SECRET, null)).sign("POST", AMP, headers, BODY);

        SigV4SignatureCheck.Result result = check(headers, AMP, BODY, SECRET);
        assertThat(result.problem()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.accessKeyId()).isEqualTo(KEY);
        assertThat(result.region()).isEqualTo("eu-west-1");
        assertThat(result.service()).isEqualTo("aps");
        // AMP checks the payload hash header; every header the request carries is signed.
        assertThat(headers).containsEntry("x-amz-content-sha256", SigV4SignatureCheck.hex(SigV4SignatureCheck.sha256(BODY)))
                .containsEntry("X-Amz-Date", "20261204T190000Z")
                .doesNotContainKey("Host").doesNotContainKey("host");
        assertThat(result.signedHeaders()).contains("host", "x-amz-date", "x-amz-content-sha256", "content-type",
                "content-encoding", "x-prometheus-remote-write-version", "x-scope-orgid");
    }

    @Test
    void aWrongSecretOrAnotherBodyDoesNotVerify() {
        Map<String, String> headers = remoteWriteHeaders();
        signer(new Static(KEY, SECRET, null)).sign("POST", AMP, headers, BODY);

        assertThat(check(headers, AMP, BODY, "another-secret").problem()).startsWith("the signature does not match");
        assertThat(check(headers, AMP, "another body".getBytes(StandardCharsets.UTF_8), SECRET).problem())
                .startsWith("x-amz-content-sha256");

        Map<String, String> wrong = remoteWriteHeaders();
        signer(new Static(KEY, "wrong-secret", null)).sign("POST", AMP, wrong, BODY);
        assertThat(check(wrong, AMP, BODY, SECRET).valid()).isFalse();
    }

    @Test
    void sessionCredentialsSendTheirToken() {
        Map<String, String> headers = remoteWriteHeaders();
        signer(new Static(KEY, SECRET, "session-token-1")).sign("POST", AMP, headers, BODY);

        assertThat(headers).containsEntry("X-Amz-Security-Token", "session-token-1");
        assertThat(check(headers, AMP, BODY, SECRET).valid()).isTrue();
    }

    @Test
    void aPortAndAQueryAreSignedAsSent() {
        URI local = URI.create("http://127.0.0.1:9090/api/v1/write?tenant=a%20b&x=1");
        Map<String, String> headers = remoteWriteHeaders();
        signer(new Static(KEY, SECRET, null)).sign("POST", local, headers, BODY);
        assertThat(check(headers, local, BODY, SECRET).valid()).isTrue();
    }

    @Test
    void defaultChainReadsTheSystemProperties() {
        String key = System.getProperty("aws.accessKeyId");
        String secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        try {
            Map<String, String> headers = remoteWriteHeaders();
            SigV4RequestSigner.forEndpoint(new SigV4AuthExtensionConfig(ComponentId.of("sigv4auth"), null, null, null), AMP)
                    .sign("POST", AMP, headers, BODY);
            assertThat(check(headers, AMP, BODY, SECRET).valid()).isTrue();
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        }
    }

    @Test
    void survivesSerializationAfterUse() throws Exception {
        SigV4RequestSigner signer = signer(new Static(KEY, SECRET, null));
        signer.sign("POST", AMP, remoteWriteHeaders(), BODY);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(signer);
        }
        SigV4RequestSigner copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SigV4RequestSigner) in.readObject();
        }
        assertThat(copy).isEqualTo(signer);
        Map<String, String> headers = remoteWriteHeaders();
        copy.sign("POST", AMP, headers, BODY);
        assertThat(check(headers, AMP, BODY, SECRET).valid()).isTrue();
    }

    @Test
    void credentialFailuresSayWhatIsMissing() {
        CredentialsSource none = new CredentialsSource() {
            @Override
            public AwsCredentialsProvider provider() {
                return () -> {
                    throw new IllegalStateException("Unable to load credentials from any of the providers in the chain");
                };
            }

            @Override
            public String toString() {
                return "no credentials";
            }
        };
        assertThatThrownBy(() -> signer(none).sign("POST", AMP, remoteWriteHeaders(), BODY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sigv4auth: cannot get AWS credentials to sign the request"
                        + " (Unable to load credentials from any of the providers in the chain) from no credentials;")
                .hasMessageContaining("AWS_ACCESS_KEY_ID");
    }

    @Test
    void regionAndServiceComeFromTheConfigElseTheHost() {
        ComponentId id = ComponentId.of("sigv4auth");
        SigV4RequestSigner inferred = SigV4RequestSigner.forEndpoint(new SigV4AuthExtensionConfig(id, null, null, null), AMP);
        assertThat(inferred.region()).isEqualTo("eu-west-1");
        assertThat(inferred.service()).isEqualTo("aps");

        SigV4RequestSigner configured = SigV4RequestSigner.forEndpoint(
                new SigV4AuthExtensionConfig(id, "us-east-2", "custom", null), AMP);
        assertThat(configured.region()).isEqualTo("us-east-2");
        assertThat(configured.service()).isEqualTo("custom");

        URI local = URI.create("http://127.0.0.1:9090/api/v1/write");
        SigV4RequestSigner local1 = SigV4RequestSigner.forEndpoint(new SigV4AuthExtensionConfig(id, "us-east-1", null, null), local);
        assertThat(local1.service()).isEqualTo("aps");
        assertThatThrownBy(() -> SigV4RequestSigner.forEndpoint(new SigV4AuthExtensionConfig(id, null, null, null), local))
                .hasMessage("the endpoint http://127.0.0.1:9090/api/v1/write does not name an AWS region"
                        + " (as https://aps-workspaces.<region>.amazonaws.com/... does)");

        assertThat(AwsEndpointHost.of("search-logs-abc.us-west-2.es.amazonaws.com"))
                .isEqualTo(new AwsEndpointHost("es", "us-west-2"));
        assertThat(AwsEndpointHost.of("logs.ap-south-1.amazonaws.com")).isEqualTo(new AwsEndpointHost("logs", "ap-south-1"));
        assertThat(AwsEndpointHost.of("prometheus.example.com")).isEqualTo(new AwsEndpointHost(null, null));
    }

    @Test
    void assumeRoleIsDescribedWithoutItsExternalId() {
        AssumeRole role = new AssumeRole("arn:aws:iam::123456789012:role/writer", "s", null, "external-secret", null);
        SigV4RequestSigner signer = SigV4RequestSigner.forEndpoint(
                new SigV4AuthExtensionConfig(ComponentId.of("sigv4auth"), null, null, role), AMP);
        assertThat(signer.assumeRole()).isEqualTo(role);
        assertThat(role.toString()).doesNotContain("external-secret");
        assertThat(signer.toString()).isEqualTo("AWS SigV4 (sigv4auth, service aps, region eu-west-1)");
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}

package io.github.otelflink.job.extension.sigv4auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig.AssumeRole;
import io.github.otelflink.testing.SigV4SignatureCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code assume_role} through the AWS SDK's STS client against a fake STS endpoint (a JDK HTTP
 * server on 127.0.0.1; the real STS cannot be reached here), pointed to by the SDK's
 * {@code aws.endpointUrlSts} system property. The fake checks that the AssumeRole call is signed
 * with the default chain's credentials for {@code sts} in {@code sts_region}, and answers with
 * role credentials that the remote-write request must then be signed with.
 */
class SigV4AssumeRoleFakeStsEndpointTest {

    private static final String BASE_KEY = "AKIDBASE";
    private static final String BASE_SECRET = "base-secret";
    private static final String ROLE_KEY = "ASIAROLE";
    private static final String ROLE_SECRET = "role-secret";
    private static final String ROLE_TOKEN = "role-session-token";
    private static final URI AMP = URI.create(
            "https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/api/v1/remote_write");
    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.endpointUrlSts");

    private final Map<String, String> saved = new LinkedHashMap<>();
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    private final List<SigV4SignatureCheck.Result> callSignatures = new CopyOnWriteArrayList<>();
    private HttpServer sts;

    @BeforeEach
    void startFakeSts() throws IOException {
        sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sts.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                callSignatures.add(SigV4SignatureCheck.check(exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(), body, Map.of(BASE_KEY, BASE_SECRET)));
                calls.add(form(new String(body, StandardCharsets.UTF_8)));
                byte[] answer = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<AssumeRoleResult><Credentials><AccessKeyId>" + ROLE_KEY + "</AccessKeyId>"
                        + "<SecretAccessKey>" + ROLE_SECRET + "</SecretAccessKey><SessionToken>" + ROLE_TOKEN
                        + "</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
                        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/writer/otel-flink</Arn>"
                        + "<AssumedRoleId>AROAEXAMPLE:otel-flink</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        sts.start();
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
        System.setProperty("aws.accessKeyId", BASE_KEY);
        System.setProperty("aws.secretAccessKey", BASE_SECRET);
        System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
    }

    @AfterEach
    void stopFakeSts() {
        sts.stop(0);
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    @Test
    void requestsAreSignedWithTheAssumedRolesCredentials() {
        AssumeRole role = new AssumeRole("arn:aws:iam::123456789012:role/writer", "otel-flink", "eu-north-1",
                "external-1", Duration.ofMinutes(30));
        SigV4RequestSigner signer = SigV4RequestSigner.forEndpoint(
                new SigV4AuthExtensionConfig(ComponentId.of("sigv4auth"), null, null, role), AMP);
        byte[] body = "write-request".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-protobuf");
        signer.sign("POST", AMP, headers, body);
        signer.sign("POST", AMP, new LinkedHashMap<>(), body);

        // One AssumeRole call (the SDK caches the role's credentials), signed with the base credentials.
        assertThat(calls).singleElement().satisfies(call -> assertThat(call)
                .containsEntry("Action", "AssumeRole")
                .containsEntry("RoleArn", "arn:aws:iam::123456789012:role/writer")
                .containsEntry("RoleSessionName", "otel-flink")
                .containsEntry("ExternalId", "external-1")
                .containsEntry("DurationSeconds", "1800"));
        assertThat(callSignatures).singleElement().satisfies(check -> {
            assertThat(check.problem()).isEmpty();
            assertThat(check.accessKeyId()).isEqualTo(BASE_KEY);
            assertThat(check.region()).isEqualTo("eu-north-1");
            assertThat(check.service()).isEqualTo("sts");
        });

        Map<String, List<String>> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> received.put(k, List.of(v)));
        received.put("Host", List.of(AMP.getHost()));
        assertThat(headers).containsEntry("X-Amz-Security-Token", ROLE_TOKEN);
        SigV4SignatureCheck.Result result = SigV4SignatureCheck.check("POST", AMP.getRawPath(), null, received, body,
                Map.of(ROLE_KEY, ROLE_SECRET));
        assertThat(result.problem()).isEmpty();
        assertThat(result.region()).isEqualTo("us-west-2");
        assertThat(SigV4SignatureCheck.check("POST", AMP.getRawPath(), null, received, body,
                Map.of(ROLE_KEY, BASE_SECRET)).valid()).isFalse();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}

package io.github.otelflink.job.extension.oauth2client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.TlsClientConfig;
import io.github.otelflink.job.extension.oauth2client.ClientCredentialsTokenEndpoint.AuthStyle;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import io.github.otelflink.testing.FakeTokenEndpoint;
import io.github.otelflink.testing.FakeTokenEndpoint.Credentials;
import io.github.otelflink.testing.FakeTokenEndpoint.TokenRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client-credentials token request against a fake token endpoint (a JDK HTTP server on
 * 127.0.0.1: no real authorization server runs here).
 */
class ClientCredentialsFakeTokenEndpointTest {

    /** Characters that URL encoding changes, to show the Basic header carries them encoded. */
    private static final String SECRET = "s3cr3t:+/ &x";
    private final FakeTokenEndpoint server = FakeTokenEndpoint.start("my-app", SECRET);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private OAuth2ClientAuthExtensionConfig config(@Nullable String secret, @Nullable String secretFile, URI tokenUrl) {
        return new OAuth2ClientAuthExtensionConfig(ComponentId.parse("oauth2client/test"), "my-app", null, secret,
                secretFile, tokenUrl, List.of("api.write", "api.read"), Map.of("audience", List.of("prom")),
                TlsClientConfig.DEFAULT, Duration.ZERO, OAuth2ClientAuthExtensionConfig.DEFAULT_EXPIRY_BUFFER);
    }

    private ClientCredentialsTokenEndpoint endpoint(OAuth2ClientAuthExtensionConfig config, Duration timeout) {
        return new ClientCredentialsTokenEndpoint(config, TlsOptions.defaults(), timeout);
    }

    @Test
    void sendsTheGrantScopesAndParamsWithTheCredentialsInABasicHeaderFirst() throws IOException {
        ClientCredentialsTokenEndpoint endpoint = endpoint(config(SECRET, null, server.uri()), Duration.ofSeconds(5));

        AccessToken token = endpoint.fetch();

        assertThat(token).isEqualTo(new AccessToken("token-1", "bearer", Duration.ofHours(1)));
        assertThat(token.authorization()).isEqualTo("Bearer token-1");
        TokenRequest request = server.requests().get(0);
        assertThat(request.form()).isEqualTo(Map.of("grant_type", List.of("client_credentials"),
                "scope", List.of("api.write api.read"), "audience", List.of("prom")));
        assertThat(request.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("my-app:s3cr3t%3A%2B%2F+%26x".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(endpoint.authStyle()).isEqualTo(AuthStyle.HEADER);
    }

    @Test
    void fallsBackToCredentialsInTheFormAndKeepsThatStyle() throws IOException {
        server.accepting(Credentials.FORM);
        ClientCredentialsTokenEndpoint endpoint = endpoint(config(SECRET, null, server.uri()), Duration.ofSeconds(5));

        assertThat(endpoint.fetch().value()).isEqualTo("token-1");
        assertThat(endpoint.fetch().value()).isEqualTo("token-2");

        List<TokenRequest> requests = server.requests();
        assertThat(requests).hasSize(3); // header (refused), form, form: the style is remembered
        assertThat(requests.get(0).authorization()).startsWith("Basic ");
        assertThat(requests.get(1).authorization()).isEmpty();
        assertThat(requests.get(1).param("client_id")).isEqualTo("my-app");
        assertThat(requests.get(1).param("client_secret")).isEqualTo(SECRET);
        assertThat(requests.get(2).param("client_secret")).isEqualTo(SECRET);
        assertThat(endpoint.authStyle()).isEqualTo(AuthStyle.PARAMS);
    }

    @Test
    void aRefusedClientFailsWithTheEndpointsAnswerAndNoSecret() {
        ClientCredentialsTokenEndpoint endpoint = endpoint(config("wrong-" + SECRET, null, server.uri()),
                Duration.ofSeconds(5));

        assertThatThrownBy(endpoint::fetch).isInstanceOf(IOException.class)
                .hasMessage("oauth2client/test: failed to get a token from " + server.uri()
                        + ": HTTP 401: {\"error\":\"invalid_client\"}")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(SECRET));
        assertThat(server.requests()).hasSize(2); // both styles tried, as golang.org/x/oauth2 does
        assertThat(server.issued()).isZero();
    }

    @Test
    void aSilentEndpointFailsWithinTheTimeout() {
        server.stall(true);
        ClientCredentialsTokenEndpoint endpoint = endpoint(config(SECRET, null, server.uri()), Duration.ofMillis(300));

        long start = System.nanoTime();
        assertThatThrownBy(endpoint::fetch).isInstanceOf(IOException.class)
                .hasMessageContaining("failed to get a token from " + server.uri());
        // Two attempts (header, then form), each bounded by the timeout.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void nothingListeningFailsWithTheTokenUrl() {
        URI closed = URI.create("http://127.0.0.1:1/token");
        assertThatThrownBy(() -> endpoint(config(SECRET, null, closed), Duration.ofSeconds(2)).fetch())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("oauth2client/test: failed to get a token from http://127.0.0.1:1/token: ");
    }

    @Test
    void theSecretFileIsReadForEveryRequest() throws IOException {
        Path file = dir.resolve("secret");
        Files.writeString(file, "old-secret\n");
        ClientCredentialsTokenEndpoint endpoint = endpoint(config(null, file.toString(), server.uri()),
                Duration.ofSeconds(5));
        assertThatThrownBy(endpoint::fetch).hasMessageContaining("HTTP 401");

        Files.writeString(file, SECRET + "\n");
        assertThat(endpoint.fetch().value()).isEqualTo("token-1");

        Files.writeString(file, "");
        assertThatThrownBy(endpoint::fetch).hasMessage("oauth2client/test: client_secret_file " + file + " is empty");
    }

    @Test
    void aTokenWithoutExpiresInHasNoLifetime() throws IOException {
        server.expiresIn(null);
        assertThat(endpoint(config(SECRET, null, server.uri()), Duration.ofSeconds(5)).fetch().lifetime()).isNull();
    }
}

package io.github.otelflink.job.extension.oauth2client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The token cache: lazy fetch, reuse until the expiry buffer, and one renewal per refused token. */
class OAuth2TokenSignerTest {

    private static final Duration BUFFER = Duration.ofSeconds(10);

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** Issues token-1, token-2... with the given lifetime, or fails with the queued errors first. */
    private static final class CountingSource implements TokenSource {
        int fetches;
        Duration lifetime = Duration.ofSeconds(60);
        final Deque<IOException> failures = new ArrayDeque<>();

        @Override
        public AccessToken fetch() throws IOException {
            fetches++;
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            return new AccessToken("token-" + fetches, "bearer", lifetime);
        }
    }

    private final TestClock clock = new TestClock();
    private final CountingSource source = new CountingSource();
    private final OAuth2TokenSigner signer = new OAuth2TokenSigner(source, BUFFER, clock);

    private String sign() {
        Map<String, String> headers = new HashMap<>();
        signer.sign("POST", URI.create("http://127.0.0.1/api/v1/write"), headers, new byte[0]);
        return headers.get("Authorization");
    }

    @Test
    void fetchesOnTheFirstRequestAndReusesTheTokenForTheNext() {
        assertThat(source.fetches).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(sign()).isEqualTo("Bearer token-1");
        }
        assertThat(source.fetches).isEqualTo(1);
    }

    @Test
    void fetchesAgainOnceTheTokenIsWithinTheExpiryBufferOfItsExpiry() {
        sign();
        clock.advance(Duration.ofSeconds(49)); // 60s lifetime - 10s buffer = 50s
        assertThat(sign()).isEqualTo("Bearer token-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(sign()).isEqualTo("Bearer token-2");
        assertThat(source.fetches).isEqualTo(2);
    }

    @Test
    void aTokenWithoutExpiresInIsKeptUntilRefused() {
        source.lifetime = null;
        sign();
        clock.advance(Duration.ofDays(30));
        assertThat(sign()).isEqualTo("Bearer token-1");
        assertThat(source.fetches).isEqualTo(1);
    }

    @Test
    void a401DropsTheTokenOnceAndTheRequestIsSignedWithANewOne() {
        Map<String, String> refused = Map.of("Authorization", sign());
        clock.advance(Duration.ofSeconds(6));

        assertThat(signer.unauthorized(refused)).isTrue();
        assertThat(sign()).isEqualTo("Bearer token-2");
        // Other requests in flight with the old token get their 401 later: they are resent with
        // the new token, which is not dropped for them.
        assertThat(signer.unauthorized(refused)).isTrue();
        assertThat(sign()).isEqualTo("Bearer token-2");
        assertThat(source.fetches).isEqualTo(2);
    }

    @Test
    void aFreshlyFetchedTokenThatIsRefusedIsNotReplacedAgain() {
        Map<String, String> refused = Map.of("Authorization", sign());
        clock.advance(OAuth2TokenSigner.MIN_AGE_TO_RENEW.minusMillis(1));

        assertThat(signer.unauthorized(refused)).isFalse();
        assertThat(sign()).isEqualTo("Bearer token-1");
        assertThat(source.fetches).isEqualTo(1);
    }

    @Test
    void aFailedFetchFailsTheRequestWithTheEndpointsMessageAndTheNextRequestTriesAgain() {
        source.failures.add(new IOException("oauth2client: failed to get a token from http://x/token: HTTP 503: busy"));

        assertThatThrownBy(this::sign).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("HTTP 503: busy");
        assertThat(sign()).isEqualTo("Bearer token-2");
    }

    @Test
    void aSerializedSignerCarriesNoTokenSoEachSubtaskFetchesItsOwn() throws Exception {
        OAuth2TokenSigner original = new OAuth2TokenSigner(new SerializableSource(), BUFFER, Clock.systemUTC());
        assertThat(original.authorization()).isEqualTo("Bearer fresh-1");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            OAuth2TokenSigner copy = (OAuth2TokenSigner) in.readObject();
            assertThat(copy.authorization()).isEqualTo("Bearer fresh-2");
        }
        assertThat(original.authorization()).isEqualTo("Bearer fresh-1");
    }

    private static final class SerializableSource implements TokenSource {
        static final java.util.concurrent.atomic.AtomicInteger FETCHES = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public AccessToken fetch() {
            return new AccessToken("fresh-" + FETCHES.incrementAndGet(), "", null);
        }
    }

    @Test
    void tokenTypesAreWrittenAsGolangOauth2WritesThem() {
        assertThat(new AccessToken("t", "", null).authorization()).isEqualTo("Bearer t");
        assertThat(new AccessToken("t", "BEARER", null).authorization()).isEqualTo("Bearer t");
        assertThat(new AccessToken("t", "mac", null).authorization()).isEqualTo("MAC t");
        assertThat(new AccessToken("t", "DPoP", null).authorization()).isEqualTo("DPoP t");
        assertThat(new AccessToken("secret-value", "bearer", null).toString()).doesNotContain("secret-value");
    }
}

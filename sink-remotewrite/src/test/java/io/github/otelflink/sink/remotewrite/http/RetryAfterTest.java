package io.github.otelflink.sink.remotewrite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

class RetryAfterTest {

    /** Wed, 21 Oct 2015 07:28:00 GMT minus one minute. */
    private static final Instant NOW = Instant.parse("2015-10-21T07:27:00Z");

    // ---------------------------------------------------------------- delay-seconds

    @Test
    void secondsAreParsed() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("1", NOW)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void zeroSecondsIsZero() {
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(RetryAfter.parse("  30 \t", NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void secondsAreKeptUpToADayAndClampedBeyond() {
        assertThat(RetryAfter.parse("86400", NOW)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("86401", NOW)).isEqualTo(RetryAfter.MAX);
        assertThat(RetryAfter.parse("999999999", NOW)).isEqualTo(RetryAfter.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999999999999999999"})
    void hugeSecondsAreClampedToADayWithoutOverflow(String value) {
        Duration d = RetryAfter.parse(value, NOW);

        assertThat(d).isEqualTo(Duration.ofDays(1));
        assertThatCode(d::toNanos).doesNotThrowAnyException();
    }

    @Test
    void leadingZerosDoNotCountTowardsTheClamp() {
        assertThat(RetryAfter.parse("0000000005", NOW)).isEqualTo(Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- HTTP-date

    @Test
    void httpDateInTheFutureIsTheTimeUntilThen() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void httpDateHoursAheadIsExact() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 09:27:01 GMT", NOW))
                .isEqualTo(Duration.ofHours(2).plusSeconds(1));
    }

    @Test
    void httpDateInThePastIsZero() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:26:59 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Thu, 01 Jan 1970 00:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void httpDateEqualToNowIsZero() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:27:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void farFutureHttpDateIsClampedLikeHugeSeconds() {
        Duration d = RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW);

        assertThat(d).isNotNull();
        assertThatCode(d::toNanos).doesNotThrowAnyException();
        assertThat(d).isLessThanOrEqualTo(Duration.ofDays(1));
    }

    // ---------------------------------------------------------------- garbage

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t\n"})
    void absentOrBlankIsNull(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "+5", "1.5", "5s", "1e3", "0x10", "Wed, 32 Oct 2015 07:28:00 GMT",
        "2015-10-21T07:28:00Z", "Wed, 21 Oct 2015", "GMT"})
    void garbageIsNull(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isNull();
    }
}

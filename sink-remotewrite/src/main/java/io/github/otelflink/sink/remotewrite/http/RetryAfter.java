package io.github.otelflink.sink.remotewrite.http;

import org.apache.flink.annotation.Internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After} value: delay-seconds or an HTTP-date (RFC 9110 10.2.3). */
@Internal
public final class RetryAfter {
    /** The longest wait honoured; a receiver asking for more is waited for this long. */
    public static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {}

    private static Duration min(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    /** The wait it asks for, or null when absent or unparseable; a date in the past means zero. */
    public static Duration parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            String digits = v.replaceFirst("^0+(?=\\d)", "");
            // Clamp absurd values instead of overflowing: a day is already far beyond any sane wait.
            if (digits.length() > 9) {
                return MAX;
            }
            return min(Duration.ofSeconds(Long.parseLong(digits)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : min(d);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Attribute values read from request bytes, as strings that are reused while the same bytes come
 * again: a direct-mapped table of the last value per slot of a hash of its bytes. Point attribute
 * values repeat across the points of a request (a method, a status code, a host), and a reused
 * instance is encoded once for all its series ({@code LabelBytes} caches UTF-8 bytes by string
 * identity), where a new string per point was decoded and encoded again: both together were
 * about a tenth of the translating threads' CPU (JFR, bench README ninth round). Hand-written
 * because the lookup must run on the bytes, before a string exists.
 *
 * <p>Values longer than {@link #MAX_BYTES} are not cached: long values are rarely shared. Not
 * thread-safe; one per translator.
 */
final class ValueStrings {
    static final int MAX_BYTES = 64;
    private static final int SLOTS = 1024;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

    /** The UTF-8 bytes {@code [from, to)} of {@code b} as a string, the same instance as last time when cached. */
    String get(byte[] b, int from, int to) {
        int length = to - from;
        if (length > MAX_BYTES) {
            return new String(b, from, length, StandardCharsets.UTF_8);
        }
        int h = length;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        byte[] cached = bytes[slot];
        if (cached != null && Arrays.equals(b, from, to, cached, 0, cached.length)) {
            return strings[slot];
        }
        String s = new String(b, from, length, StandardCharsets.UTF_8);
        bytes[slot] = Arrays.copyOfRange(b, from, to);
        strings[slot] = s;
        return s;
    }
}

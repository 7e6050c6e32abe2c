package io.github.otelflink.job.relabel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What {@code hashmod}, {@code lowercase} and {@code uppercase} make of a joined value, as Prometheus does. */
final class ValueFunctions {
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    });

    private ValueFunctions() {}

    /** MD5 of the UTF-8 bytes, last 8 bytes big-endian as an unsigned integer, modulo {@code modulus}. */
    static long hashMod(String value, long modulus) {
        MessageDigest md5 = MD5.get();
        byte[] hash = md5.digest(value.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 8; i < 16; i++) {
            h = (h << 8) | (hash[i] & 0xff);
        }
        return Long.remainderUnsigned(h, modulus);
    }

    /** Go's strings.ToLower: simple per-code-point mapping; the same string when nothing changes. */
    static String lowerCase(String s) {
        return changesCase(s, 'A', 'Z') ? mapCase(s, true) : s;
    }

    /** Go's strings.ToUpper: simple per-code-point mapping; the same string when nothing changes. */
    static String upperCase(String s) {
        return changesCase(s, 'a', 'z') ? mapCase(s, false) : s;
    }

    /** Whether {@code s} has a char in {@code [first, last]} or any non-ASCII char (which may map). */
    private static boolean changesCase(String s, char first, char last) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || (c >= first && c <= last)) {
                return true;
            }
        }
        return false;
    }

    private static String mapCase(String s, boolean lower) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(lower ? Character.toLowerCase(cp) : Character.toUpperCase(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}

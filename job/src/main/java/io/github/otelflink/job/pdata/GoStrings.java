package io.github.otelflink.job.pdata;

import com.google.protobuf.ByteString;

/** Go's string order and {@code encoding/hex}, for Java strings and bytes. */
public final class GoStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoStrings() {}

    /**
     * Compares as Go compares strings: by their UTF-8 bytes, which is the order of Unicode code
     * points (not of UTF-16 chars: a supplementary character sorts after U+FFFF).
     */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // Surrogates (U+D800..DFFF) encode code points above U+FFFF, which sort after
                // every BMP character in UTF-8 even though E000..FFFF are larger chars.
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    return sa ? 1 : -1;
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /** {@code hex.EncodeToString}: lower-case hex, two digits a byte. */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** {@code hex.EncodeToString} of a protobuf byte string (trace and span ids). */
    public static String hex(ByteString bytes) {
        char[] out = new char[bytes.size() * 2];
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.byteAt(i) & 0xff;
            out[2 * i] = HEX[b >> 4];
            out[2 * i + 1] = HEX[b & 0xf];
        }
        return new String(out);
    }

    static char hexDigit(int nibble) {
        return HEX[nibble & 0xf];
    }
}

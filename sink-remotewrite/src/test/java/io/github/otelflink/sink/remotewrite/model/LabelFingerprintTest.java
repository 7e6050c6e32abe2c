package io.github.otelflink.sink.remotewrite.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint is part of the job's state (series are keyed and sharded by it), so it may
 * never change: pinned values, and the hash as first written (byte by byte) as the reference for
 * label sets of every length.
 */
class LabelFingerprintTest {

    @Test
    void fingerprintsOfKnownLabelSetsNeverChange() {
        assertThat(Labels.of("__name__", "up").fingerprint()).isEqualTo(FINGERPRINT_UP);
        assertThat(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "host-1:9090").fingerprint())
                .isEqualTo(FINGERPRINT_HTTP);
        assertThat(Labels.of("__name__", "ä", "a", "").fingerprint()).isEqualTo(FINGERPRINT_UTF8);
    }

    @Test
    void agreesWithTheByteByByteReference() {
        Random random = new Random(3);
        for (int round = 0; round < 20_000; round++) {
            int n = 1 + random.nextInt(5);
            String[] names = new String[n];
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                names[i] = "l" + i;
                values[i] = "x".repeat(random.nextInt(40)) + (random.nextBoolean() ? "é" : "");
            }
            byte[] encoded = new Labels(names, values).encodedV1();
            assertThat(LabelBytes.fingerprint(encoded)).as("round %d", round).isEqualTo(reference(encoded));
        }
    }

    // Printed by the code of 5c2a8b5; the job's checked-in snapshots hold series under such values.
    private static final long FINGERPRINT_UP = 0x3d98f66a5b2d76b3L;
    private static final long FINGERPRINT_HTTP = 0xadd62cacdb426e4dL;
    private static final long FINGERPRINT_UTF8 = 0xafa5040e2748e171L;

    /** The fingerprint as first written: per label field, bytes folded eight at a time, the tail byte by byte. */
    private static long reference(byte[] e) {
        long h = 0;
        int pos = 0;
        while (pos < e.length) {
            long field = LabelBytes.readVarint(e, pos + 1);
            int start = (int) (field >>> 32);
            int end = start + (int) field;
            h += mix(hash(e, start, end));
            pos = end;
        }
        return mix(h);
    }

    private static long hash(byte[] b, int from, int to) {
        long h = 0xcbf29ce484222325L;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (b[i + k] & 0xffL) << (8 * k);
            }
            h = Long.rotateLeft((h ^ v) * 0x9e3779b97f4a7c15L, 31);
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        h = Long.rotateLeft((h ^ tail) * 0x9e3779b97f4a7c15L, 31);
        return (h ^ (to - from)) * 0x9e3779b97f4a7c15L;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

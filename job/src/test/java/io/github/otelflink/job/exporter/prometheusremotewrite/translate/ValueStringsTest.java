package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueStringsTest {

    @Test
    void readsEveryValueRightAndReusesTheLastInstanceOfEqualBytes() {
        ValueStrings strings = new ValueStrings();
        Random random = new Random(7);
        // More values than slots, so many share a slot and replace each other.
        for (int i = 0; i < 20_000; i++) {
            String value = switch (i % 4) {
                case 0 -> "GET";
                case 1 -> "host-" + random.nextInt(3000);
                case 2 -> "ünï-" + random.nextInt(50) + "-😀";
                default -> "x".repeat(random.nextInt(ValueStrings.MAX_BYTES * 2));
            };
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            // Inside a larger buffer, as in a request body.
            byte[] body = new byte[utf8.length + 7];
            System.arraycopy(utf8, 0, body, 3, utf8.length);
            String first = strings.get(body, 3, 3 + utf8.length);
            assertThat(first).isEqualTo(value);
            String again = strings.get(body.clone(), 3, 3 + utf8.length);
            assertThat(again).isEqualTo(value);
            if (utf8.length <= ValueStrings.MAX_BYTES) {
                assertThat(again).isSameAs(first);
            }
        }
    }
}

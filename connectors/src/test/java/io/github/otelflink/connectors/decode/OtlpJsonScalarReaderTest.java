package io.github.otelflink.connectors.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OtlpJsonScalarReaderTest {
    private static final Pattern PLAIN = Pattern.compile("-?(0|[1-9][0-9]*)");

    @Test
    void plainDecimalsReadAsTheExactPathReadsThemAndNothingElse() {
        Random random = new Random(3);
        String alphabet = "-0123456789.e+ 0123456789";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(22);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = switch (i % 3) {
                case 0 -> text.toString();
                case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
                // Around the 19-digit limit: the largest values, one past them, and 20 digits.
                default -> new BigDecimal(Long.MAX_VALUE).add(BigDecimal.valueOf(random.nextInt(5) - 3))
                        .multiply(BigDecimal.valueOf(random.nextInt(3) == 0 ? 10 : 1))
                        .multiply(BigDecimal.valueOf(random.nextBoolean() ? -1 : 1)).toPlainString();
            };
            boolean fits = PLAIN.matcher(t).matches() && new BigDecimal(t).abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
            long expected = fits ? new BigDecimal(t).longValueExact() : OtlpJsonScalarReader.NOT_PLAIN;
            assertThat(OtlpJsonScalarReader.plainDecimal(t)).as(t).isEqualTo(expected);
        }
    }

    @Test
    void integersAsStringsDecodeToTheirValuesAtEveryWidth() throws Exception {
        // 19 digits and more, and values past a field's width, take the exact path.
        for (String time : new String[] {"0", "1700000000000000000", "999999999999999999", "1764914000123456789",
                "9223372036854775807", "18446744073709551615"}) {
            assertThat(point("\"timeUnixNano\":\"" + time + "\"").getTimeUnixNano())
                    .isEqualTo(Long.parseUnsignedLong(time));
        }
        for (String value : new String[] {"-1", "-0", "42", "-999999999999999999", "-9223372036854775808"}) {
            assertThat(point("\"asInt\":\"" + value + "\"").getAsInt()).isEqualTo(Long.parseLong(value));
        }
    }

    private static io.opentelemetry.proto.metrics.v1.NumberDataPoint point(String fields) throws Exception {
        String json = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{"
                + fields + "}]}}]}]}]}";
        ExportMetricsServiceRequest r = OtlpMetricsDecoder.decodeJson(json.getBytes(StandardCharsets.UTF_8));
        return r.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPoints(0);
    }
}

package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.MetricKind.EXPONENTIAL_HISTOGRAM;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.MetricKind.GAUGE;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.MetricKind.HISTOGRAM;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.MetricKind.MONOTONIC_COUNTER;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.MetricKind.NON_MONOTONIC_SUM;
import static io.github.otelflink.job.exporter.prometheusremotewrite.translate.MetricKind.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricNamerTest {

    static Stream<Arguments> withSuffixes() {
        return Stream.of(
                // The blueprint's generator payload.
                Arguments.of("http_requests_total", "1", MONOTONIC_COUNTER, "http_requests_total"),
                Arguments.of("orders_processed_total", "1", MONOTONIC_COUNTER, "orders_processed_total"),
                Arguments.of("cpu_usage_percent", "1", GAUGE, "cpu_usage_percent_ratio"),
                Arguments.of("memory_usage_percent", "1", GAUGE, "memory_usage_percent_ratio"),
                Arguments.of("otel_http_requests_total", "1", MONOTONIC_COUNTER, "otel_http_requests_total"),
                // Invalid characters and underscores: runs become one "_", trimmed.
                Arguments.of("http.server.duration", "s", HISTOGRAM, "http_server_duration_seconds"),
                Arguments.of("a..b__c", "", GAUGE, "a_b_c"),
                Arguments.of("__weird-name__", "", GAUGE, "weird_name"),
                Arguments.of("metric@with#special$chars", "", GAUGE, "metric_with_special_chars"),
                Arguments.of("k8s:pod:cpu", "", GAUGE, "k8s:pod:cpu"),
                Arguments.of("1st.metric", "", GAUGE, "_1st_metric"),
                Arguments.of("résumé", "", GAUGE, "r_sum"),
                // Unit table.
                Arguments.of("duration", "ms", GAUGE, "duration_milliseconds"),
                Arguments.of("duration", "us", GAUGE, "duration_microseconds"),
                Arguments.of("duration", "ns", GAUGE, "duration_nanoseconds"),
                Arguments.of("uptime", "min", GAUGE, "uptime_minutes"),
                Arguments.of("uptime", "h", GAUGE, "uptime_hours"),
                Arguments.of("uptime", "d", GAUGE, "uptime_days"),
                Arguments.of("memory", "By", GAUGE, "memory_bytes"),
                Arguments.of("memory", "KiBy", GAUGE, "memory_kibibytes"),
                Arguments.of("memory", "MiBy", GAUGE, "memory_mebibytes"),
                Arguments.of("memory", "GiBy", GAUGE, "memory_gibibytes"),
                Arguments.of("memory", "TiBy", GAUGE, "memory_tibibytes"),
                Arguments.of("memory", "KBy", GAUGE, "memory_kilobytes"),
                Arguments.of("memory", "MBy", GAUGE, "memory_megabytes"),
                Arguments.of("memory", "GBy", GAUGE, "memory_gigabytes"),
                Arguments.of("memory", "TBy", GAUGE, "memory_terabytes"),
                Arguments.of("distance", "m", GAUGE, "distance_meters"),
                Arguments.of("voltage", "V", GAUGE, "voltage_volts"),
                Arguments.of("current", "A", GAUGE, "current_amperes"),
                Arguments.of("energy", "J", GAUGE, "energy_joules"),
                Arguments.of("power", "W", GAUGE, "power_watts"),
                Arguments.of("mass", "g", GAUGE, "mass_grams"),
                Arguments.of("temperature", "Cel", GAUGE, "temperature_celsius"),
                Arguments.of("frequency", "Hz", GAUGE, "frequency_hertz"),
                Arguments.of("utilization", "%", GAUGE, "utilization_percent"),
                // "B" is not in the Collector's table: used as written.
                Arguments.of("payload", "B", GAUGE, "payload_B"),
                Arguments.of("custom_metric", "custom_unit", GAUGE, "custom_metric_custom_unit"),
                Arguments.of("custom_metric", "unit@with#special/chars", GAUGE, "custom_metric_unit_with_special_per_chars"),
                // Annotations and blanks give no suffix.
                Arguments.of("requests", "{request}", MONOTONIC_COUNTER, "requests_total"),
                Arguments.of("requests", " ", GAUGE, "requests"),
                Arguments.of("throughput", "{packet}/s", GAUGE, "throughput_per_second"),
                Arguments.of("throughput", "By/{x}", GAUGE, "throughput_bytes"),
                // Per units are singular.
                Arguments.of("throughput", "By/s", GAUGE, "throughput_bytes_per_second"),
                Arguments.of("speed", "m/s", GAUGE, "speed_meters_per_second"),
                Arguments.of("rate", "1/m", GAUGE, "rate_per_minute"),
                Arguments.of("rate", "1/h", GAUGE, "rate_per_hour"),
                Arguments.of("rate", "1/d", GAUGE, "rate_per_day"),
                Arguments.of("rate", "1/w", GAUGE, "rate_per_week"),
                Arguments.of("rate", "1/mo", GAUGE, "rate_per_month"),
                Arguments.of("rate", "1/y", GAUGE, "rate_per_year"),
                Arguments.of("requests", "1/s", GAUGE, "requests_per_second"),
                // A suffix already in the name as a word (or words) is not appended again.
                Arguments.of("response_time_seconds", "s", GAUGE, "response_time_seconds"),
                Arguments.of("seconds_spent", "s", GAUGE, "seconds_spent"),
                Arguments.of("network_bytes_per_second", "By/s", GAUGE, "network_bytes_per_second"),
                Arguments.of("requests_per_second", "1/s", GAUGE, "requests_per_second"),
                Arguments.of("bytes_sent", "By/s", GAUGE, "bytes_sent_per_second"),
                Arguments.of("second_level", "1/s", GAUGE, "second_level_per_second"),
                Arguments.of("responsetimeseconds", "s", GAUGE, "responsetimeseconds_seconds"),
                // _total: monotonic sums only, never twice, always last.
                Arguments.of("requests", "", MONOTONIC_COUNTER, "requests_total"),
                Arguments.of("requests_total", "", MONOTONIC_COUNTER, "requests_total"),
                Arguments.of("total_requests", "", MONOTONIC_COUNTER, "requests_total"),
                Arguments.of("cpu.time", "s", MONOTONIC_COUNTER, "cpu_time_seconds_total"),
                Arguments.of("cpu_seconds_total", "s", MONOTONIC_COUNTER, "cpu_seconds_total"),
                Arguments.of("requests", "1/s", MONOTONIC_COUNTER, "requests_per_second_total"),
                Arguments.of("requests_total", "", NON_MONOTONIC_SUM, "requests_total"),
                Arguments.of("active_connections", "{connection}", NON_MONOTONIC_SUM, "active_connections"),
                // _ratio: gauges with unit exactly "1" only.
                Arguments.of("cpu_usage", "1", GAUGE, "cpu_usage_ratio"),
                Arguments.of("cpu_usage_ratio", "1", GAUGE, "cpu_usage_ratio"),
                Arguments.of("ratio_of_cpu", "1", GAUGE, "of_cpu_ratio"),
                Arguments.of("items", "1", NON_MONOTONIC_SUM, "items"),
                Arguments.of("items", "1", HISTOGRAM, "items"),
                Arguments.of("items", " 1", GAUGE, "items"),
                // Histograms, exponential histograms and summaries get only the unit.
                Arguments.of("request.duration", "ms", EXPONENTIAL_HISTOGRAM, "request_duration_milliseconds"),
                Arguments.of("rpc.latency", "s", SUMMARY, "rpc_latency_seconds"),
                // No valid character at all.
                Arguments.of("@#$%", "s", GAUGE, ""),
                Arguments.of("", "", MONOTONIC_COUNTER, ""));
    }

    @ParameterizedTest(name = "{0} [{1}] {2} -> {3}")
    @MethodSource("withSuffixes")
    void namesWithSuffixes(String name, String unit, MetricKind kind, String expected) {
        assertThat(new MetricNamer("", true).name(name, unit, kind)).isEqualTo(expected);
    }

    static Stream<Arguments> withoutSuffixes() {
        return Stream.of(
                Arguments.of("http_requests_total", "1", MONOTONIC_COUNTER, "http_requests_total"),
                Arguments.of("cpu_usage_percent", "1", GAUGE, "cpu_usage_percent"),
                Arguments.of("requests", "", MONOTONIC_COUNTER, "requests"),
                Arguments.of("http.server.duration", "s", HISTOGRAM, "http_server_duration"),
                // Without suffixes underscores already in the name are kept, only invalid runs collapse.
                Arguments.of("a__b..c", "", GAUGE, "a__b_c"),
                Arguments.of("..a", "", GAUGE, "a"),
                Arguments.of("1st", "", GAUGE, "_1st"),
                Arguments.of("$$$", "", GAUGE, ""));
    }

    @ParameterizedTest(name = "{0} [{1}] {2} -> {3}")
    @MethodSource("withoutSuffixes")
    void namesWithoutSuffixes(String name, String unit, MetricKind kind, String expected) {
        assertThat(new MetricNamer("", false).name(name, unit, kind)).isEqualTo(expected);
    }

    @Test
    void namespacePrefixesEveryName() {
        MetricNamer withSuffixes = new MetricNamer("app", true);
        assertThat(withSuffixes.name("requests", "1/s", MONOTONIC_COUNTER)).isEqualTo("app_requests_per_second_total");
        assertThat(withSuffixes.name("123_requests", "", MONOTONIC_COUNTER)).isEqualTo("app_123_requests_total");
        assertThat(withSuffixes.name("cpu_usage_percent", "1", GAUGE)).isEqualTo("app_cpu_usage_percent_ratio");
        assertThat(withSuffixes.targetInfoName()).isEqualTo("app_target_info");

        MetricNamer plain = new MetricNamer("my-ns", false);
        assertThat(plain.namespace()).isEqualTo("my_ns");
        assertThat(plain.name("http.requests", "", MONOTONIC_COUNTER)).isEqualTo("my_ns_http_requests");
        assertThat(new MetricNamer("", true).targetInfoName()).isEqualTo("target_info");
    }

    @Test
    void cachesPerNameUnitAndKind() {
        MetricNamer namer = new MetricNamer("", true);
        String first = namer.name("http.requests", "1", MONOTONIC_COUNTER);
        assertThat(namer.name("http.requests", "1", MONOTONIC_COUNTER)).isSameAs(first);
        assertThat(namer.name("http.requests", "1", GAUGE)).isEqualTo("http_requests_ratio");
        assertThat(namer.name("http.requests", "s", GAUGE)).isEqualTo("http_requests_seconds");
    }

    @Test
    void cacheStaysBounded() {
        MetricNamer namer = new MetricNamer("", true);
        for (int i = 0; i < MetricNamer.MAX_CACHE * 3; i++) {
            assertThat(namer.name("m" + i, "s", GAUGE)).isEqualTo("m" + i + "_seconds");
        }
    }
}

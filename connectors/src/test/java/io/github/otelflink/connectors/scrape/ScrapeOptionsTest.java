package io.github.otelflink.connectors.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeOptionsTest {

    @Test
    void acceptsAValidTarget() {
        ScrapeTarget target = ScrapeTarget.of("node", "http://127.0.0.1:9100/metrics")
                .withInterval(Duration.ofSeconds(15), Duration.ofSeconds(5))
                .withLabels(Map.of("env", "prod"));
        ScrapeOptions options = ScrapeOptions.of(target);
        assertThat(options.targets()).containsExactly(target);
        assertThat(target.instance()).isEqualTo("127.0.0.1:9100");
        assertThat(ScrapeTarget.of("x", "https://example.com/metrics").instance()).isEqualTo("example.com:443");
    }

    @Test
    void listsEveryProblem() {
        ScrapeTarget bad = new ScrapeTarget(" ", java.net.URI.create("ftp://h/x"), Duration.ofSeconds(1),
                Duration.ofSeconds(2), false, Map.of("1bad", "v", "__x", "v", "job", "j"));
        assertThatThrownBy(() -> ScrapeOptions.of(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job_name must not be empty")
                .hasMessageContaining("url must be http:// or https://")
                .hasMessageContaining("must not exceed scrape_interval")
                .hasMessageContaining("'1bad' is not a valid")
                .hasMessageContaining("'__x' is reserved")
                .hasMessageContaining("label 'job' is set from the target");
        assertThatThrownBy(() -> new ScrapeOptions(List.of())).hasMessageContaining("at least one target");
        ScrapeTarget t = ScrapeTarget.of("a", "http://h:1/m");
        assertThatThrownBy(() -> ScrapeOptions.of(t, t)).hasMessageContaining("duplicate target");
        assertThatThrownBy(() -> ScrapeOptions.of(t.withInterval(Duration.ZERO, Duration.ZERO)))
                .hasMessageContaining("scrape_interval must be positive")
                .hasMessageContaining("scrape_timeout must be positive");
    }
}

package io.github.otelflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EmbeddedClusterDefaultsTest {
    @Test
    void slowsThePekkoSchedulerTickWhenTheCommandLineDidNotSetIt() {
        Properties props = new Properties();
        EmbeddedClusterDefaults.apply(props);
        assertThat(props.getProperty("pekko.scheduler.tick-duration")).isEqualTo("100ms");
    }

    @Test
    void keepsATickTheCommandLineSet() {
        Properties props = new Properties();
        props.setProperty("pekko.scheduler.tick-duration", "10ms");
        EmbeddedClusterDefaults.apply(props);
        assertThat(props.getProperty("pekko.scheduler.tick-duration")).isEqualTo("10ms");
    }
}

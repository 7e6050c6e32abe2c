package io.github.otelflink.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.pdata.GoRegex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flink operators carry config records through Java serialization; they must survive it intact. */
class SerializationTest {

    @Test
    void loadedConfigsRoundTrip() throws Exception {
        for (PipelineConfig config : new PipelineConfig[] {
            TestConfigs.load("blueprint.yaml"),
            PipelineConfigLoader.load(TestConfigs.read("multi-tenant.yaml"), Map.of())
        }) {
            PipelineConfig copy = roundTrip(config);
            assertThat(copy).isEqualTo(config);
            assertThat(copy.describePlan()).isEqualTo(config.describePlan());
        }
    }

    @Test
    void compiledRegexSurvives() throws Exception {
        GoRegex regex = roundTrip(GoRegex.compile("^(?P<scheme>[a-z]+)://"));
        assertThat(regex.matches("https://x")).isTrue();
        assertThat(regex.groupIndex("scheme")).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}

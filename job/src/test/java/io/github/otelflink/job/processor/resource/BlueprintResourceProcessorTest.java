package io.github.otelflink.job.processor.resource;

import static io.github.otelflink.job.processor.resource.Attrs.attrs;
import static io.github.otelflink.job.processor.resource.Attrs.resourceMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.config.PipelineConfig;
import io.github.otelflink.job.config.PipelineConfigLoader;
import io.github.otelflink.job.processor.resource.ResourceAction.Action;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The blueprint's resource processor:
 * <pre>
 * resource:
 *   attributes:
 *   - key: cluster.name
 *     value: "prometheus-demo-cluster"
 *     action: upsert
 *   - key: exporter.type
 *     value: "prometheus-remote-write"
 *     action: upsert
 * </pre>
 */
class BlueprintResourceProcessorTest {

    private static final List<ResourceAction> ACTIONS = List.of(
            ResourceAction.set(Action.UPSERT, "cluster.name", "prometheus-demo-cluster"),
            ResourceAction.set(Action.UPSERT, "exporter.type", "prometheus-remote-write"));

    @Test
    void addsBothAttributes() {
        ResourceMetrics.Builder rm = resourceMetrics("service.name", "checkout", "service.instance.id", "pod-1");

        ResourceProcessor.compile(ACTIONS).process(rm);

        assertThat(rm.getResource().getAttributesList()).isEqualTo(attrs(
                "service.name", "checkout", "service.instance.id", "pod-1",
                "cluster.name", "prometheus-demo-cluster", "exporter.type", "prometheus-remote-write"));
    }

    @Test
    void overwritesExistingValuesInPlace() {
        ResourceMetrics.Builder rm = resourceMetrics("cluster.name", "from-sdk", "service.name", "checkout");

        ResourceProcessor.compile(ACTIONS).process(rm);

        assertThat(rm.getResource().getAttributesList()).isEqualTo(attrs(
                "cluster.name", "prometheus-demo-cluster", "service.name", "checkout",
                "exporter.type", "prometheus-remote-write"));
    }

    @Test
    void createsTheResourceWhenMissing() {
        ResourceMetrics.Builder rm = ResourceMetrics.newBuilder().setSchemaUrl("s");

        ResourceProcessor.compile(ACTIONS).process(rm);

        assertThat(rm.getResource().getAttributesList()).isEqualTo(attrs(
                "cluster.name", "prometheus-demo-cluster", "exporter.type", "prometheus-remote-write"));
        assertThat(rm.getSchemaUrl()).isEqualTo("s");
    }

    @Test
    void theParsedBlueprintGivesTheSameActions() throws IOException {
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/config/blueprint.yaml")) {
            assertThat(in).as("blueprint.yaml test resource").isNotNull();
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PipelineConfig config = PipelineConfigLoader.load(yaml, Map.of());

        List<ResourceAction> parsed = config.processor("resource", ResourceProcessorConfig.class).attributes()
                .stream().map(ResourceAction::fromConfig).toList();

        assertThat(parsed).isEqualTo(ACTIONS);
    }
}

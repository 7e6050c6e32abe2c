package io.github.otelflink.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.otelflink.deploycheck.Manifests.Doc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Offline checks of the manifests in k8s/: the FlinkDeployment against the operator's CRD schema,
 * the core kinds against hand-written structural rules, and the cross-references between them.
 */
class ManifestSchemaTest {

    static final String NAMESPACE = "prometheus-demo";
    static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1beta1.yml";
    /** operator-api 1.10.0's enum stops at v1_20; operator 1.13 knows Flink 2.x as v2_0, v2_1, v2_2. */
    static final Predicate<String> NEWER_FLINK_VERSIONS = v -> v.matches("v2_\\d+");

    static List<Doc> docs;
    static List<Doc> resources;
    static JsonNode crdSchema;

    @BeforeAll
    static void load() throws IOException {
        docs = Manifests.load();
        resources = docs.stream().filter(d -> !d.kind().equals("Kustomization")).toList();
        try (InputStream in = ManifestSchemaTest.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in).as(CRD + " on the test classpath (flink-kubernetes-operator-api)").isNotNull();
            JsonNode crd = Manifests.readYaml(in);
            JsonNode schema = crd.path("spec").path("validation").path("openAPIV3Schema");
            if (schema.isMissingNode()) { // apiextensions.k8s.io/v1 layout
                for (JsonNode v : crd.path("spec").path("versions")) {
                    if (v.path("name").asText().equals("v1beta1")) {
                        schema = v.path("schema").path("openAPIV3Schema");
                    }
                }
            }
            assertThat(schema.isObject()).as("openAPIV3Schema in " + CRD).isTrue();
            crdSchema = schema;
        }
    }

    static OpenApiSchemaWalker walker() {
        return new OpenApiSchemaWalker(Map.of("spec.flinkVersion", NEWER_FLINK_VERSIONS));
    }

    static List<Doc> ofKind(String kind) {
        return resources.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    @Test
    void everyDocumentHasAKnownKind() {
        assertThat(Manifests.yamlFiles()).isNotEmpty();
        List<String> errors = new ArrayList<>();
        for (Doc d : resources) {
            if (!CoreKindChecks.KINDS.containsKey(d.kind())) {
                errors.add(d + ": unknown kind");
            }
        }
        assertThat(errors).isEmpty();
        assertThat(resources).extracting(Doc::kind)
                .contains("Namespace", "ConfigMap", "Deployment", "Service", "FlinkDeployment", "PersistentVolumeClaim");
    }

    @Test
    void coreKindsAreStructurallyValid() {
        List<String> errors = new ArrayList<>();
        for (Doc d : resources) {
            errors.addAll(CoreKindChecks.check(d, NAMESPACE));
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void flinkDeploymentMatchesTheOperatorCrd() {
        List<Doc> fds = ofKind("FlinkDeployment");
        assertThat(fds).hasSize(1);
        for (Doc d : fds) {
            assertThat(walker().validate(d.node(), crdSchema)).as(d.toString()).isEmpty();
        }
    }

    @Test
    void theSchemaWalkerCatchesMistakes() {
        JsonNode fd = ofKind("FlinkDeployment").get(0).node();

        ObjectNode typo = fd.deepCopy();
        ObjectNode spec = (ObjectNode) typo.get("spec");
        spec.set("flinkConfigration", spec.remove("flinkConfiguration"));
        assertThat(walker().validate(typo, crdSchema))
                .anySatisfy(e -> assertThat(e).contains("spec.flinkConfigration: unknown field")
                        .contains("did you mean flinkConfiguration"));

        ObjectNode version = fd.deepCopy();
        ((ObjectNode) version.get("spec")).put("flinkVersion", "v3");
        assertThat(walker().validate(version, crdSchema)).anySatisfy(e -> assertThat(e).contains("spec.flinkVersion"));
        ((ObjectNode) version.get("spec")).put("flinkVersion", "v2_2");
        assertThat(walker().validate(version, crdSchema)).isEmpty();
        assertThat(new OpenApiSchemaWalker(Map.of()).validate(version, crdSchema))
                .as("without the extension the 1.10 enum rejects v2_2")
                .anySatisfy(e -> assertThat(e).contains("spec.flinkVersion"));

        ObjectNode notAString = fd.deepCopy();
        ((ObjectNode) notAString.path("spec").path("flinkConfiguration")).put("taskmanager.numberOfTaskSlots", 1);
        assertThat(walker().validate(notAString, crdSchema))
                .anySatisfy(e -> assertThat(e).contains("taskmanager.numberOfTaskSlots: expected a string"));

        ObjectNode badReplicas = fd.deepCopy();
        ((ObjectNode) badReplicas.path("spec").path("taskManager")).put("replicas", "one");
        assertThat(walker().validate(badReplicas, crdSchema))
                .anySatisfy(e -> assertThat(e).contains("spec.taskManager.replicas: expected an integer"));

        ObjectNode podTypo = fd.deepCopy();
        ((ObjectNode) podTypo.path("spec").path("podTemplate").path("spec")).put("securityContex", "x");
        assertThat(walker().validate(podTypo, crdSchema))
                .anySatisfy(e -> assertThat(e).contains("spec.podTemplate.spec.securityContex: unknown field"));
    }

    @Test
    void flinkDeploymentRunsTheJobAsDocumented() throws IOException {
        JsonNode spec = ofKind("FlinkDeployment").get(0).node().path("spec");
        JsonNode conf = spec.path("flinkConfiguration");
        assertThat(conf.path("execution.checkpointing.interval").asText()).isNotEmpty();
        assertThat(conf.path("execution.checkpointing.dir").asText()).isNotEmpty();
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.path("high-availability.storageDir").asText()).isNotEmpty();
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(conf.path("metrics.reporter.prom.port").asText()).isEqualTo("9249");

        String jarUri = spec.path("job").path("jarURI").asText();
        assertThat(jarUri).isEqualTo("local:///opt/flink/usrlib/otel-flink-job.jar");
        Path dockerfile = Manifests.repoDir().resolve("docker/Dockerfile");
        if (Files.exists(dockerfile)) {
            String df = Files.readString(dockerfile);
            assertThat(df).contains("FROM flink:2.2-java17").contains(jarUri.substring("local://".length()))
                    .containsPattern("(?m)^USER flink\\s*$");
        }

        // --config points into the mounted pipeline ConfigMap
        List<String> args = new ArrayList<>();
        spec.path("job").path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).contains("--config");
        String configPath = args.get(args.indexOf("--config") + 1);
        JsonNode pod = spec.path("podTemplate").path("spec");
        String mountPath = null;
        String volume = null;
        for (JsonNode c : pod.path("containers")) {
            for (JsonNode m : c.path("volumeMounts")) {
                if (configPath.startsWith(m.path("mountPath").asText() + "/")
                        && (mountPath == null || m.path("mountPath").asText().length() > mountPath.length())) {
                    mountPath = m.path("mountPath").asText();
                    volume = m.path("name").asText();
                }
            }
        }
        assertThat(mountPath).as("a volume mounted above " + configPath).isNotNull();
        String key = configPath.substring(mountPath.length() + 1);
        String cmName = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                cmName = v.path("configMap").path("name").asText(null);
            }
        }
        assertThat(cmName).as("volume " + volume + " is a ConfigMap").isNotNull();
        String finalCm = cmName;
        Doc cm = ofKind("ConfigMap").stream().filter(d -> d.name().equals(finalCm)).findFirst().orElseThrow();
        assertThat(cm.node().path("data").has(key)).as(cm + " has key " + key).isTrue();

        List<String> errors = new ArrayList<>();
        CoreKindChecks.podSpec("FlinkDeployment podTemplate", pod, false, errors);
        CoreKindChecks.podSpec("FlinkDeployment taskManager.podTemplate",
                spec.path("taskManager").path("podTemplate").path("spec"), false, errors);
        assertThat(errors).isEmpty();
    }

    @Test
    void pipelineConfigMapIsAPipeline() throws IOException {
        Doc cm = ofKind("ConfigMap").stream().filter(d -> d.node().path("data").has("pipeline.yaml"))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap with pipeline.yaml"));
        JsonNode p = Manifests.readYaml(cm.node().path("data").path("pipeline.yaml").asText());
        assertThat(p.path("receivers").isObject()).isTrue();
        assertThat(p.path("exporters").isObject()).isTrue();
        JsonNode pipelines = p.path("service").path("pipelines");
        assertThat(pipelines.isObject() && !pipelines.isEmpty()).as("service.pipelines").isTrue();
        pipelines.fields().forEachRemaining(e -> {
            for (String section : List.of("receivers", "processors", "exporters")) {
                for (JsonNode id : e.getValue().path(section)) {
                    assertThat(p.path(section).has(id.asText()))
                            .as("pipeline " + e.getKey() + " uses " + section + " " + id + ", which is defined").isTrue();
                }
            }
        });
        assertThat(p.path("receivers").path("otlp").path("protocols").path("http").path("endpoint").asText())
                .endsWith(":4318");
        assertThat(p.path("exporters").path("prometheusremotewrite").path("endpoint").asText())
                .startsWith("https://prometheus." + NAMESPACE + ".svc");
    }

    @Test
    void servicesSelectPodsThatHaveTheTargetPorts() {
        record Pods(String owner, JsonNode labels, Set<Integer> ports) {}
        List<Pods> pods = new ArrayList<>();
        for (Doc d : ofKind("Deployment")) {
            JsonNode t = d.node().path("spec").path("template");
            pods.add(new Pods(d.toString(), t.path("metadata").path("labels"), containerPorts(t.path("spec"))));
        }
        for (Doc d : ofKind("FlinkDeployment")) {
            // the operator labels its pods app=<name>, component=jobmanager|taskmanager, type=flink-native-kubernetes
            JsonNode spec = d.node().path("spec");
            Set<Integer> common = containerPorts(spec.path("podTemplate").path("spec"));
            for (String component : List.of("jobmanager", "taskmanager")) {
                ObjectNode labels = Manifests.YAML.createObjectNode();
                spec.path("podTemplate").path("metadata").path("labels").fields()
                        .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
                labels.put("app", d.name()).put("component", component).put("type", "flink-native-kubernetes");
                Set<Integer> ports = new HashSet<>(common);
                ports.addAll(containerPorts(spec.path(component.equals("jobmanager") ? "jobManager" : "taskManager")
                        .path("podTemplate").path("spec")));
                pods.add(new Pods(d + " " + component, labels, ports));
            }
        }
        List<String> errors = new ArrayList<>();
        for (Doc s : ofKind("Service")) {
            JsonNode selector = s.node().path("spec").path("selector");
            List<Pods> selected = pods.stream().filter(p -> CoreKindChecks.subset(selector, p.labels())).toList();
            if (selected.isEmpty()) {
                errors.add(s + ": selector " + selector + " matches no pods");
            }
            for (JsonNode port : s.node().path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                if (target.isIntegralNumber()) {
                    for (Pods p : selected) {
                        if (!p.ports().contains(target.asInt())) {
                            errors.add(s + ": targetPort " + target + " is not a container port of " + p.owner());
                        }
                    }
                }
            }
        }
        assertThat(errors).isEmpty();
    }

    private static Set<Integer> containerPorts(JsonNode podSpec) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode c : podSpec.path("containers")) {
            for (JsonNode p : c.path("ports")) {
                ports.add(p.path("containerPort").asInt());
            }
        }
        return ports;
    }

    @Test
    void referencedConfigMapsSecretsAndClaimsExist() throws IOException {
        Set<String> configMaps = names("ConfigMap");
        Set<String> claims = names("PersistentVolumeClaim");
        Set<String> secrets = names("Secret");
        JsonNode kustomization = kustomization();
        for (JsonNode g : kustomization.path("secretGenerator")) {
            secrets.add(g.path("name").asText());
        }
        List<JsonNode> podSpecs = new ArrayList<>();
        ofKind("Deployment").forEach(d -> podSpecs.add(d.node().path("spec").path("template").path("spec")));
        ofKind("FlinkDeployment").forEach(d -> {
            podSpecs.add(d.node().path("spec").path("podTemplate").path("spec"));
            podSpecs.add(d.node().path("spec").path("jobManager").path("podTemplate").path("spec"));
            podSpecs.add(d.node().path("spec").path("taskManager").path("podTemplate").path("spec"));
        });
        List<String> errors = new ArrayList<>();
        for (JsonNode pod : podSpecs) {
            for (JsonNode v : pod.path("volumes")) {
                String cm = v.path("configMap").path("name").asText(null);
                String secret = v.path("secret").path("secretName").asText(null);
                String claim = v.path("persistentVolumeClaim").path("claimName").asText(null);
                if (cm != null && !configMaps.contains(cm)) {
                    errors.add("volume " + v.path("name") + ": no ConfigMap " + cm);
                }
                if (secret != null && !secrets.contains(secret)) {
                    errors.add("volume " + v.path("name") + ": no Secret " + secret);
                }
                if (claim != null && !claims.contains(claim)) {
                    errors.add("volume " + v.path("name") + ": no PersistentVolumeClaim " + claim);
                }
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode k = kustomization();
        assertThat(k.path("namespace").asText()).isEqualTo(NAMESPACE);
        Set<String> listed = new HashSet<>();
        for (JsonNode r : k.path("resources")) {
            listed.add(r.asText());
            assertThat(Manifests.k8sDir().resolve(r.asText())).as("resource " + r).exists();
        }
        for (Path f : Manifests.yamlFiles()) {
            boolean hasResources = Manifests.parse(f).stream().anyMatch(d -> !d.kind().equals("Kustomization"));
            if (hasResources) {
                assertThat(listed).as("kustomization.yaml resources").contains(Manifests.k8sDir().relativize(f).toString());
            }
        }
        for (JsonNode g : k.path("secretGenerator")) {
            for (JsonNode file : g.path("files")) {
                String src = file.asText().contains("=") ? file.asText().split("=", 2)[1] : file.asText();
                assertThat(src).as("secretGenerator files come from generate-certs.sh output").startsWith("certs/");
            }
        }
        assertThat(Manifests.k8sDir().resolve("generate-certs.sh")).exists();
    }

    @Test
    void checkMetricsExpectsTheNamesThePipelineProduces() throws IOException {
        String script = Files.readString(Manifests.k8sDir().resolve("check-metrics.sh"));
        assertThat(script).contains("'otel_http_requests_total{", "'otel_cpu_usage_percent_ratio{",
                "'otel_memory_usage_percent_ratio{", "'orders_processed_total{");
        // the blueprint's names that its own config can never produce
        assertThat(script).doesNotContain("'otel_orders_processed_total", "'otel_cpu_usage_percent'",
                "'otel_cpu_usage_percent{");
    }

    private static JsonNode kustomization() {
        return docs.stream().filter(d -> d.kind().equals("Kustomization")).findFirst()
                .orElseThrow(() -> new AssertionError("k8s/kustomization.yaml missing")).node();
    }

    private static Set<String> names(String kind) {
        Set<String> s = new HashSet<>();
        ofKind(kind).forEach(d -> s.add(d.name()));
        return s;
    }
}

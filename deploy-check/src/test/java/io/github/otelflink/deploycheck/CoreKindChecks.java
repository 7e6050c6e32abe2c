package io.github.otelflink.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.otelflink.deploycheck.Manifests.Doc;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small hand-written structural checks for the core Kubernetes kinds the demo uses. */
final class CoreKindChecks {

    record KindSpec(String apiVersion, boolean namespaced, Set<String> topLevel) {}

    private static final Set<String> BASE = Set.of("apiVersion", "kind", "metadata");

    static final Map<String, KindSpec> KINDS = Map.of(
            "Namespace", new KindSpec("v1", false, plus("spec")),
            "ConfigMap", new KindSpec("v1", true, plus("data", "binaryData", "immutable")),
            "Secret", new KindSpec("v1", true, plus("data", "stringData", "type", "immutable")),
            "Service", new KindSpec("v1", true, plus("spec")),
            "PersistentVolumeClaim", new KindSpec("v1", true, plus("spec")),
            "ServiceAccount", new KindSpec("v1", true, plus("secrets", "imagePullSecrets", "automountServiceAccountToken")),
            "Deployment", new KindSpec("apps/v1", true, plus("spec")),
            "Role", new KindSpec("rbac.authorization.k8s.io/v1", true, plus("rules")),
            "RoleBinding", new KindSpec("rbac.authorization.k8s.io/v1", true, plus("roleRef", "subjects")),
            "FlinkDeployment", new KindSpec("flink.apache.org/v1beta1", true, plus("spec")));

    private static Set<String> plus(String... keys) {
        Set<String> s = new java.util.HashSet<>(BASE);
        s.addAll(List.of(keys));
        return Set.copyOf(s);
    }

    static List<String> check(Doc d, String namespace) {
        List<String> errors = new ArrayList<>();
        JsonNode n = d.node();
        KindSpec spec = KINDS.get(d.kind());
        if (spec == null) {
            errors.add(d + ": unknown kind '" + d.kind() + "'");
            return errors;
        }
        if (!spec.apiVersion().equals(n.path("apiVersion").asText())) {
            errors.add(d + ": apiVersion " + n.path("apiVersion") + ", expected " + spec.apiVersion());
        }
        if (d.name().isEmpty()) {
            errors.add(d + ": metadata.name missing");
        } else if (!d.name().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") || d.name().length() > 253) {
            errors.add(d + ": metadata.name is not a DNS subdomain name");
        }
        if (spec.namespaced() && !namespace.equals(n.path("metadata").path("namespace").asText())) {
            errors.add(d + ": metadata.namespace must be " + namespace);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!spec.topLevel().contains(k)) {
                errors.add(d + ": unknown top-level key '" + k + "'");
            }
        }
        switch (d.kind()) {
            case "Deployment" -> deployment(d, errors);
            case "Service" -> service(d, errors);
            case "PersistentVolumeClaim" -> pvc(d, errors);
            case "ConfigMap" -> configMap(d, errors);
            default -> { }
        }
        return errors;
    }

    private static void deployment(Doc d, List<String> errors) {
        JsonNode spec = d.node().path("spec");
        JsonNode matchLabels = spec.path("selector").path("matchLabels");
        JsonNode podLabels = spec.path("template").path("metadata").path("labels");
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            errors.add(d + ": spec.selector.matchLabels missing");
        } else if (!subset(matchLabels, podLabels)) {
            errors.add(d + ": spec.selector.matchLabels " + matchLabels + " do not match pod labels " + podLabels);
        }
        JsonNode replicas = spec.path("replicas");
        if (!replicas.isMissingNode() && !replicas.isIntegralNumber()) {
            errors.add(d + ": spec.replicas must be an integer");
        }
        podSpec(d + " spec.template.spec", spec.path("template").path("spec"), true, errors);
    }

    /** Containers (name, image, int ports, probes on declared ports) and volume mounts that name declared volumes. */
    static void podSpec(String where, JsonNode pod, boolean needImage, List<String> errors) {
        JsonNode containers = pod.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            errors.add(where + ": no containers");
            return;
        }
        Set<String> volumes = new java.util.HashSet<>();
        for (JsonNode v : pod.path("volumes")) {
            volumes.add(v.path("name").asText());
        }
        for (JsonNode c : containers) {
            String cw = where + ".containers[" + c.path("name").asText("?") + "]";
            if (!c.path("name").isTextual()) {
                errors.add(cw + ": name missing");
            }
            if (needImage && !c.path("image").isTextual()) {
                errors.add(cw + ": image missing");
            }
            Set<Integer> ports = new java.util.HashSet<>();
            for (JsonNode p : c.path("ports")) {
                JsonNode cp = p.path("containerPort");
                if (!cp.isIntegralNumber() || cp.asInt() < 1 || cp.asInt() > 65535) {
                    errors.add(cw + ": containerPort " + cp + " is not an integer port");
                } else {
                    ports.add(cp.asInt());
                }
                if (p.has("name") && (p.path("name").asText().length() > 15
                        || !p.path("name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"))) {
                    errors.add(cw + ": port name " + p.path("name") + " is not an IANA_SVC_NAME (max 15 chars)");
                }
            }
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                JsonNode port = c.path(probe).path("tcpSocket").path("port");
                if (port.isIntegralNumber() && !ports.contains(port.asInt())) {
                    errors.add(cw + "." + probe + ": port " + port + " is not a container port");
                }
                if (c.path(probe).has("httpGet")) {
                    errors.add(cw + "." + probe + ": httpGet cannot present a client certificate; use tcpSocket/exec");
                }
            }
            for (JsonNode m : c.path("volumeMounts")) {
                if (!volumes.contains(m.path("name").asText())) {
                    errors.add(cw + ": volumeMount " + m.path("name") + " names no volume");
                }
                if (!m.path("mountPath").asText().startsWith("/")) {
                    errors.add(cw + ": volumeMount " + m.path("name") + " needs an absolute mountPath");
                }
            }
            for (JsonNode e : c.path("env")) {
                if (!e.path("name").isTextual() || (e.has("value") && !e.path("value").isTextual())) {
                    errors.add(cw + ": env " + e + " needs a name and a string value");
                }
            }
        }
    }

    private static void service(Doc d, List<String> errors) {
        JsonNode spec = d.node().path("spec");
        if (!spec.path("selector").isObject() || spec.path("selector").isEmpty()) {
            errors.add(d + ": spec.selector missing");
        }
        if (!spec.path("ports").isArray() || spec.path("ports").isEmpty()) {
            errors.add(d + ": spec.ports missing");
        }
        for (JsonNode p : spec.path("ports")) {
            if (!p.path("port").isIntegralNumber()) {
                errors.add(d + ": port " + p.path("port") + " is not an integer");
            }
            JsonNode t = p.path("targetPort");
            if (!t.isMissingNode() && !t.isIntegralNumber() && !t.isTextual()) {
                errors.add(d + ": targetPort " + t + " must be an integer or a port name");
            }
            if (spec.path("ports").size() > 1 && !p.has("name")) {
                errors.add(d + ": a multi-port service needs a name on every port");
            }
        }
    }

    private static void pvc(Doc d, List<String> errors) {
        JsonNode spec = d.node().path("spec");
        if (!spec.path("accessModes").isArray() || spec.path("accessModes").isEmpty()) {
            errors.add(d + ": spec.accessModes missing");
        }
        if (!spec.path("resources").path("requests").path("storage").isTextual()) {
            errors.add(d + ": spec.resources.requests.storage missing");
        }
    }

    private static void configMap(Doc d, List<String> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = d.node().path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                errors.add(d + ": data." + e.getKey() + " must be a string");
            }
        }
    }

    static boolean subset(JsonNode labels, JsonNode of) {
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(of.path(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private CoreKindChecks() {}
}

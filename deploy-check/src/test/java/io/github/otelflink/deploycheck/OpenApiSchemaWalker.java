package io.github.otelflink.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A minimal validator for the structural OpenAPI v3 schemas of Kubernetes CRDs: {@code type},
 * {@code properties}, {@code required}, {@code enum}, {@code items}, {@code additionalProperties},
 * {@code anyOf}, {@code x-kubernetes-int-or-string} and {@code x-kubernetes-preserve-unknown-fields}.
 *
 * <p>As the API server does with strict field validation, a key that is not among an object's
 * {@code properties} is an error unless the schema has {@code additionalProperties} or preserves
 * unknown fields, so a typo such as {@code flinkConfigration} is reported.
 */
final class OpenApiSchemaWalker {

    /** Extra accepted enum values by JSON path (e.g. newer {@code flinkVersion} values than the CRD knows). */
    private final Map<String, Predicate<String>> enumExtensions;

    private static final java.util.Set<String> ROOT_IMPLICIT = java.util.Set.of("apiVersion", "kind", "metadata");

    OpenApiSchemaWalker(Map<String, Predicate<String>> enumExtensions) {
        this.enumExtensions = enumExtensions;
    }

    List<String> validate(JsonNode value, JsonNode schema) {
        List<String> errors = new ArrayList<>();
        walk("", value, schema, errors);
        return errors;
    }

    private void walk(String path, JsonNode value, JsonNode schema, List<String> errors) {
        if (schema == null || schema.isMissingNode() || value == null) {
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(at(path) + ": null is not allowed");
            }
            return;
        }
        if (schema.has("anyOf") && !schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            boolean any = false;
            for (JsonNode alt : schema.get("anyOf")) {
                List<String> sub = new ArrayList<>();
                walk(path, value, alt, sub);
                if (sub.isEmpty()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                errors.add(at(path) + ": matches none of anyOf");
                return;
            }
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!(value.isIntegralNumber() || value.isTextual())) {
                errors.add(at(path) + ": expected an integer or a string, got " + kind(value));
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    errors.add(at(path) + ": expected an object, got " + kind(value));
                    return;
                }
                walkObject(path, value, schema, errors);
            }
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(at(path) + ": expected an array, got " + kind(value));
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    walk(path + "[" + i + "]", value.get(i), schema.get("items"), errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(at(path) + ": expected a string, got " + kind(value) + " " + value
                            + " (quote it in YAML)");
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(at(path) + ": expected an integer, got " + kind(value) + " " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(at(path) + ": expected a number, got " + kind(value) + " " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(at(path) + ": expected a boolean, got " + kind(value) + " " + value);
                }
            }
            default -> {
                // no type: anything goes, but still check properties if the value is an object
                if (value.isObject() && schema.has("properties")) {
                    walkObject(path, value, schema, errors);
                }
            }
        }
        if (schema.has("enum") && value.isValueNode()) {
            boolean ok = false;
            for (JsonNode e : schema.get("enum")) {
                ok |= e.equals(value);
            }
            Predicate<String> extension = enumExtensions.get(path);
            if (!ok && extension != null && value.isTextual() && extension.test(value.asText())) {
                ok = true;
            }
            if (!ok) {
                errors.add(at(path) + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }

    private void walkObject(String path, JsonNode value, JsonNode schema, List<String> errors) {
        for (JsonNode req : schema.path("required")) {
            if (!value.has(req.asText())) {
                errors.add(at(path) + ": missing required field '" + req.asText() + "'");
            }
        }
        JsonNode properties = schema.get("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            if (path.isEmpty() && ROOT_IMPLICIT.contains(f.getKey()) && (properties == null || !properties.has(f.getKey()))) {
                // the API server adds apiVersion, kind and metadata to every CRD schema
                if (f.getKey().equals("metadata") ? !f.getValue().isObject() : !f.getValue().isTextual()) {
                    errors.add(f.getKey() + ": expected " + (f.getKey().equals("metadata") ? "an object" : "a string"));
                }
            } else if (properties != null && properties.has(f.getKey())) {
                walk(child, f.getValue(), properties.get(f.getKey()), errors);
            } else if (additional != null && additional.isObject()) {
                walk(child, f.getValue(), additional, errors);
            } else if (additional != null && additional.asBoolean(false)) {
                // any value
            } else if (preserveUnknown || (properties == null && additional == null)) {
                // an object without a declared shape (e.g. metadata): anything goes
            } else {
                errors.add(at(child) + ": unknown field" + suggestion(f.getKey(), properties));
            }
        }
    }

    private static String suggestion(String key, JsonNode properties) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            int d = levenshtein(key.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 4) ? " (did you mean " + best + "?)" : "";
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String at(String path) {
        return path.isEmpty() ? "<root>" : path;
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase();
    }

}

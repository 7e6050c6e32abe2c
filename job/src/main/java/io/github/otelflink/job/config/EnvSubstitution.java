package io.github.otelflink.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Expands environment variables in scalar values, as the Collector does: {@code ${env:VAR}}
 * or {@code ${VAR}}, {@code ${env:VAR:-default}} for a default used when {@code VAR} is not
 * set (an empty value counts as set), and {@code $$} for a literal {@code $}. A {@code $} not
 * followed by <code>{</code> or {@code $} stays as written, so {@code $1} in a relabel
 * replacement needs no escaping but <code>${1}</code> does ({@code $${1}}). Expanded values
 * are not expanded again. Keys are never expanded.
 *
 * <p>An expanded value is still text; the typed getters of {@link ConfigNode} read it as a
 * number or boolean where one is expected, so {@code queue_size: ${QUEUE_SIZE}} works.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:[^-].*|[A-Za-z][A-Za-z0-9+.\\-]*:");

    private final Map<String, String> env;
    private final Set<String> substitutedPaths = new HashSet<>();
    private final Set<String> failedPaths = new HashSet<>();
    private final List<ConfigError> errors = new ArrayList<>();

    private EnvSubstitution(Map<String, String> env) {
        this.env = env;
    }

    /** What expansion did to a tree. */
    record Result(Set<String> substitutedPaths, Set<String> failedPaths, List<ConfigError> errors) {}

    /** Expands every scalar of {@code root} in place. */
    static Result apply(JsonNode root, Map<String, String> env) {
        EnvSubstitution substitution = new EnvSubstitution(env);
        substitution.walk(root, "");
        return new Result(substitution.substitutedPaths, substitution.failedPaths, substitution.errors);
    }

    private void walk(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String name : names) {
                String childPath = ConfigContext.childPath(path, name);
                JsonNode child = object.get(name);
                if (child.isTextual()) {
                    expandInto(child.textValue(), childPath, text -> object.set(name, TextNode.valueOf(text)));
                } else {
                    walk(child, childPath);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String childPath = ConfigContext.indexPath(path, i);
                JsonNode child = array.get(i);
                int index = i;
                if (child.isTextual()) {
                    expandInto(child.textValue(), childPath, text -> array.set(index, TextNode.valueOf(text)));
                } else {
                    walk(child, childPath);
                }
            }
        }
    }

    private void expandInto(String text, String path, java.util.function.Consumer<String> replace) {
        if (text.indexOf('$') < 0) {
            return;
        }
        try {
            Expansion expansion = expand(text);
            if (!expansion.text().equals(text)) {
                replace.accept(expansion.text());
            }
            if (expansion.substituted()) {
                substitutedPaths.add(path);
            }
        } catch (IllegalArgumentException e) {
            errors.add(new ConfigError(path, e.getMessage()));
            failedPaths.add(path);
        }
    }

    private record Expansion(String text, boolean substituted) {}

    private Expansion expand(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean substituted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
            } else if (text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "unterminated \"${\" in " + ConfigNode.quote(text) + " (write $$ for a literal $)");
                }
                out.append(resolve(text.substring(i + 2, end)));
                substituted = true;
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Expansion(out.toString(), substituted);
    }

    private String resolve(String reference) {
        String body;
        if (reference.startsWith("env:")) {
            body = reference.substring("env:".length());
        } else if (SCHEME.matcher(reference).matches()) {
            String scheme = reference.substring(0, reference.indexOf(':'));
            throw new IllegalArgumentException("\"${" + reference + "}\" uses the unsupported provider \""
                    + scheme + "\" (only env is supported; write $${ for a literal ${)");
        } else {
            body = reference;
        }
        int separator = body.indexOf(":-");
        String name = separator < 0 ? body : body.substring(0, separator);
        String defaultValue = separator < 0 ? null : body.substring(separator + 2);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"${" + reference + "}\" is not a valid environment variable reference"
                    + " (write $${" + reference + "} for a literal \"${" + reference + "}\")");
        }
        String value = env.get(name);
        if (value != null) {
            return value;
        }
        if (defaultValue != null) {
            return defaultValue;
        }
        throw new IllegalArgumentException("environment variable " + name + " is not set and \"${"
                + reference + "}\" has no default (write ${env:" + name + ":-default} to give one)");
    }
}

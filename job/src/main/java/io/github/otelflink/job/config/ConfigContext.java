package io.github.otelflink.job.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one load shares between its {@link ConfigNode}s: the errors and warnings found so far,
 * which values came from environment variables, and which nodes were read (for the
 * unknown-key check).
 */
final class ConfigContext {

    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();
    private final List<ConfigNode> readNodes = new ArrayList<>();
    private final Set<String> substitutedPaths;
    private final Set<String> failedSubstitutionPaths;

    ConfigContext(Set<String> substitutedPaths, Set<String> failedSubstitutionPaths) {
        this.substitutedPaths = Set.copyOf(substitutedPaths);
        this.failedSubstitutionPaths = Set.copyOf(failedSubstitutionPaths);
    }

    void error(String path, String message) {
        // A value whose ${VAR} could not be resolved was already reported once; whatever a
        // parser then thinks of the unexpanded text would only be noise.
        if (failedSubstitutionPaths.contains(path)) {
            return;
        }
        ConfigError error = new ConfigError(path, message);
        if (!errors.contains(error)) {
            errors.add(error);
        }
    }

    void warn(String path, String message) {
        ConfigError warning = new ConfigError(path, message);
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    /** True when the value at {@code path} was produced by {@code ${VAR}} expansion. */
    boolean isSubstituted(String path) {
        return substitutedPaths.contains(path);
    }

    void nodeRead(ConfigNode node) {
        readNodes.add(node);
    }

    /** Reports unknown keys of every node that was read but whose parser forgot to finish it. */
    void finishAll() {
        for (ConfigNode node : List.copyOf(readNodes)) {
            node.finish();
        }
    }

    List<ConfigError> errors() {
        return List.copyOf(errors);
    }

    List<ConfigError> warnings() {
        return List.copyOf(warnings);
    }

    static String childPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String indexPath(String parent, int index) {
        return parent + "[" + index + "]";
    }
}

package io.github.otelflink.job.processor.resource;

import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.config.ComponentParser;
import io.github.otelflink.job.config.ConfigNode;
import io.github.otelflink.job.pdata.GoRegex;
import io.github.otelflink.job.processor.resource.AttributeAction.Action;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Reads the {@code resource} processor, checking each action as the Collector's attribute
 * processor does: insert/update/upsert need exactly one of value, from_attribute,
 * from_context and no pattern; delete/hash need key or pattern and no value source; extract
 * needs key and a pattern with named groups; convert needs key and converted_type.
 */
public final class ResourceProcessorParser implements ComponentParser<ResourceProcessorConfig> {

    private static final String[] SOURCES = {"value", "from_attribute", "from_context"};

    @Override
    public ResourceProcessorConfig parse(ComponentId id, ConfigNode node) {
        List<AttributeAction> actions = new ArrayList<>();
        for (ConfigNode action : node.list("attributes")) {
            AttributeAction parsed = action(action);
            if (parsed != null) {
                actions.add(parsed);
            }
        }
        if (!node.hasValue("attributes")) {
            node.error("attributes", "required: a list of actions");
        }
        node.finish();
        return new ResourceProcessorConfig(id, actions);
    }

    @Nullable
    private static AttributeAction action(ConfigNode node) {
        if (!node.isPresent()) {
            node.error("expected an action with key and action, got nothing");
            return null;
        }
        String key = node.optionalString("key");
        Object value = node.scalar("value");
        String fromAttribute = node.optionalString("from_attribute");
        String fromContext = node.optionalString("from_context");
        String patternText = node.optionalString("pattern");
        AttributeAction.ConvertedType convertedType =
                node.optionalChoice("converted_type", AttributeAction.ConvertedType.class, false);
        Action action = node.optionalChoice("action", Action.class, true);
        node.finish();
        if (action == null) {
            if (!node.hasValue("action")) {
                node.error("action", "required: one of insert, update, upsert, delete, hash, extract, convert");
            }
            return null;
        }
        GoRegex pattern = null;
        if (patternText != null) {
            try {
                pattern = GoRegex.compile(patternText);
            } catch (IllegalArgumentException e) {
                node.error("pattern", "invalid regular expression " + ConfigNode.quote(patternText) + ": " + e.getMessage());
                return null;
            }
        }
        boolean valid = validate(node, action, key, pattern);
        if (convertedType != null && action != Action.CONVERT) {
            node.warn("converted_type", "ignored: only the convert action uses it");
        }
        return valid ? new AttributeAction(key, value, fromAttribute, fromContext, pattern, convertedType, action) : null;
    }

    private static boolean validate(ConfigNode node, Action action, @Nullable String key, @Nullable GoRegex pattern) {
        String name = action.configName();
        boolean valid = true;
        switch (action) {
            case INSERT, UPDATE, UPSERT -> {
                valid &= requireKey(node, name);
                valid &= noPattern(node, name);
                List<String> sources = setSources(node);
                if (sources.isEmpty()) {
                    node.error("the " + name + " action needs one of value, from_attribute, from_context");
                    valid = false;
                } else if (sources.size() > 1) {
                    node.error("the " + name + " action takes only one of " + String.join(", ", sources));
                    valid = false;
                }
            }
            case DELETE, HASH -> {
                if (key == null && pattern == null) {
                    node.error("the " + name + " action needs key or pattern");
                    valid = false;
                }
                valid &= noSources(node, name);
            }
            case EXTRACT -> {
                valid &= requireKey(node, name);
                valid &= noSources(node, name);
                if (pattern == null) {
                    node.error("pattern", "required for the extract action");
                    valid = false;
                } else if (pattern.groupNames().stream().allMatch(String::isEmpty)) {
                    node.error("pattern", "has no named groups like (?P<name>...), so extract would add nothing");
                    valid = false;
                }
            }
            case CONVERT -> {
                valid &= requireKey(node, name);
                valid &= noSources(node, name);
                valid &= noPattern(node, name);
                if (!node.hasValue("converted_type")) {
                    node.error("converted_type", "required for the convert action: int, double or string");
                    valid = false;
                }
            }
            default -> throw new IllegalStateException("unhandled action " + action);
        }
        return valid;
    }

    private static boolean requireKey(ConfigNode node, String action) {
        if (!node.hasValue("key")) {
            node.error("key", "required for the " + action + " action");
            return false;
        }
        return true;
    }

    private static boolean noPattern(ConfigNode node, String action) {
        if (node.hasValue("pattern")) {
            node.error("pattern", "not used by the " + action + " action");
            return false;
        }
        return true;
    }

    private static boolean noSources(ConfigNode node, String action) {
        boolean valid = true;
        for (String source : setSources(node)) {
            node.error(source, "not used by the " + action + " action");
            valid = false;
        }
        return valid;
    }

    private static List<String> setSources(ConfigNode node) {
        List<String> set = new ArrayList<>();
        for (String source : SOURCES) {
            if (node.hasValue(source)) {
                set.add(source);
            }
        }
        return set;
    }
}

package io.github.otelflink.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.annotation.Nullable;

/**
 * The typed single-value getters of {@link ConfigNode} (strings, booleans, numbers, durations,
 * sizes, choices), apart from its walk over the tree: each reads one key's value, records a wrong
 * one as an error with the key's path and returns the default, so one load reports every problem.
 */
public abstract sealed class ConfigScalars permits ConfigNode {
    final ConfigContext context;

    ConfigScalars(ConfigContext context) {
        this.context = context;
    }

    /** The path of a key of this map. */
    public abstract String pathOf(String key);

    /** True when the key is written with a value. */
    public abstract boolean hasValue(String key);

    /** The key's value, recording the key as known; null when absent or null. */
    @Nullable
    abstract JsonNode raw(String key);

    /** True when the key's value came from an environment variable ({@code ${env:...}}). */
    abstract boolean substituted(String key);


    /** A string; numbers and booleans are accepted as their text. */
    @Nullable
    public String optionalString(String key) {
        JsonNode child = raw(key);
        if (child == null) {
            return null;
        }
        if (child.isValueNode()) {
            return child.asText();
        }
        context.error(pathOf(key), "expected a string, got " + describe(child));
        return null;
    }

    public String string(String key, String defaultValue) {
        String text = optionalString(key);
        return text == null ? defaultValue : text;
    }

    /** A string that must be present and not empty; reports {@code required} otherwise. */
    @Nullable
    public String requiredString(String key) {
        boolean present = hasValue(key);
        String text = optionalString(key);
        if (!present) {
            context.error(pathOf(key), "required");
        } else if (text != null && text.isEmpty()) {
            context.error(pathOf(key), "must not be empty");
            return null;
        }
        return text;
    }

    public boolean bool(String key, boolean defaultValue) {
        JsonNode child = raw(key);
        if (child == null) {
            return defaultValue;
        }
        if (child.isBoolean()) {
            return child.booleanValue();
        }
        if (child.isTextual() && substituted(key)) {
            String text = child.textValue().trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
        }
        context.error(pathOf(key), "expected true or false, got " + describe(child));
        return defaultValue;
    }

    /** An integer in {@code [min, max]}. */
    public long integer(String key, long defaultValue, long min, long max) {
        JsonNode child = raw(key);
        if (child == null) {
            return defaultValue;
        }
        Long number = null;
        if (child.isIntegralNumber() && child.canConvertToLong()) {
            number = child.longValue();
        } else if (child.isTextual() && substituted(key)) {
            try {
                number = Long.parseLong(child.textValue().trim());
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if (number == null) {
            context.error(pathOf(key), "expected an integer, got " + describe(child));
            return defaultValue;
        }
        if (number < min || number > max) {
            context.error(pathOf(key), rangeMessage(min, max, number.toString()));
            return defaultValue;
        }
        return number;
    }

    /** An integer greater than zero. */
    public int positiveInt(String key, int defaultValue) {
        return (int) integer(key, defaultValue, 1, Integer.MAX_VALUE);
    }

    /** An integer of zero or more. */
    public int nonNegativeInt(String key, int defaultValue) {
        return (int) integer(key, defaultValue, 0, Integer.MAX_VALUE);
    }

    /** A number in {@code [min, max]}; integers are accepted. */
    public double number(String key, double defaultValue, double min, double max) {
        JsonNode child = raw(key);
        if (child == null) {
            return defaultValue;
        }
        Double number = null;
        if (child.isNumber()) {
            number = child.doubleValue();
        } else if (child.isTextual() && substituted(key)) {
            try {
                number = Double.parseDouble(child.textValue().trim());
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        if (number == null || number.isNaN()) {
            context.error(pathOf(key), "expected a number, got " + describe(child));
            return defaultValue;
        }
        if (number < min || number > max) {
            context.error(pathOf(key), rangeMessage(min, max, child.asText()));
            return defaultValue;
        }
        return number;
    }

    /** A duration in Go notation (see {@link GoDurations}); negative durations are rejected. */
    @Nullable
    public Duration optionalDuration(String key) {
        JsonNode child = raw(key);
        if (child == null) {
            return null;
        }
        Duration duration = null;
        if (child.isTextual()) {
            try {
                duration = GoDurations.parse(child.textValue().trim());
            } catch (IllegalArgumentException e) {
                duration = null;
            }
        } else if (child.isIntegralNumber() && child.canConvertToLong() && child.longValue() == 0) {
            duration = Duration.ZERO;
        }
        if (duration == null) {
            context.error(pathOf(key), "expected a duration like \"5s\", got " + describe(child));
            return null;
        }
        if (duration.isNegative()) {
            context.error(pathOf(key), "must not be negative, got " + describe(child));
            return null;
        }
        return duration;
    }

    public Duration duration(String key, Duration defaultValue) {
        Duration duration = optionalDuration(key);
        return duration == null ? defaultValue : duration;
    }

    /** A size in bytes: an integer or a string like {@code "10MiB"} (see {@link ByteSizes}). */
    public long byteSize(String key, long defaultValue) {
        JsonNode child = raw(key);
        if (child == null) {
            return defaultValue;
        }
        if (child.isIntegralNumber() && child.canConvertToLong() && child.longValue() >= 0) {
            return child.longValue();
        }
        if (child.isTextual()) {
            try {
                return ByteSizes.parse(child.textValue());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        context.error(pathOf(key), "expected a size in bytes like 3000000 or \"10MiB\", got " + describe(child));
        return defaultValue;
    }

    /** One of the constants of an enum, written as its {@link ConfigEnum#configName()}. */
    public <E extends Enum<E> & ConfigEnum> E choice(String key, E defaultValue, Class<E> type) {
        E choice = optionalChoice(key, type, false);
        return choice == null ? defaultValue : choice;
    }

    /** As {@link #choice}, but absent gives {@code null}; {@code ignoreCase} as the Collector does for actions. */
    @Nullable
    public <E extends Enum<E> & ConfigEnum> E optionalChoice(String key, Class<E> type, boolean ignoreCase) {
        JsonNode child = raw(key);
        if (child == null) {
            return null;
        }
        if (child.isValueNode()) {
            String text = child.asText();
            for (E constant : type.getEnumConstants()) {
                String name = constant.configName();
                if (ignoreCase ? name.equalsIgnoreCase(text) : name.equals(text)) {
                    return constant;
                }
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(constant -> quote(constant.configName()))
                .collect(Collectors.joining(", "));
        context.error(pathOf(key), "expected one of " + allowed + ", got " + describe(child));
        return null;
    }

    /** A single value, as {@code String}, {@code Long}, {@code Double} or {@code Boolean}. */
    @Nullable
    public Object scalar(String key) {
        JsonNode child = raw(key);
        if (child == null) {
            return null;
        }
        if (child.isTextual()) {
            return child.textValue();
        }
        if (child.isBoolean()) {
            return child.booleanValue();
        }
        if (child.isIntegralNumber() && child.canConvertToLong()) {
            return child.longValue();
        }
        if (child.isNumber()) {
            return child.doubleValue();
        }
        context.error(pathOf(key), "expected a single value (string, number or boolean), got " + describe(child));
        return null;
    }

    static String rangeMessage(double min, double max, String got) {
        String low = plain(min);
        String high = plain(max);
        if (max >= Integer.MAX_VALUE) {
            if (min == 0) {
                return "must not be negative, got " + got;
            }
            return min == 1 ? "must be greater than 0, got " + got : "must be at least " + low + ", got " + got;
        }
        return "must be between " + low + " and " + high + ", got " + got;
    }

    static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    /** How a value reads in an error message: strings quoted, numbers as written, containers by kind. */
    static String describe(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a map";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        return node.asText();
    }

    /** Quotes text for an error message: {@code "text"}. */
    public static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

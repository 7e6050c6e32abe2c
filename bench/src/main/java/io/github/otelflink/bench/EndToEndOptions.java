package io.github.otelflink.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@link EndToEndBenchmark}'s command line: {@code --name value} or a bare {@code --flag} ("true"). */
final class EndToEndOptions {
    private final Map<String, String> options;
    final int series;
    final double rate;
    final int durationSeconds;
    final int warmupSeconds;
    final int connections;
    final LoadGenerator.Input input;
    final boolean blueprint;
    final Path jfr;
    final boolean heap;

    private EndToEndOptions(Map<String, String> options) {
        this.options = options;
        series = Integer.parseInt(options.getOrDefault("series", "100000"));
        rate = Double.parseDouble(options.getOrDefault("rate", "100000"));
        durationSeconds = Integer.parseInt(options.getOrDefault("duration", "60"));
        warmupSeconds = Integer.parseInt(options.getOrDefault("warmup", "90"));
        connections = Integer.parseInt(options.getOrDefault("connections", "4"));
        input = LoadGenerator.Input.valueOf(options.getOrDefault("input", "http").toUpperCase(Locale.ROOT));
        String processors = options.getOrDefault("processors", "bare");
        if (!processors.equals("bare") && !processors.equals("blueprint")) {
            throw new IllegalArgumentException("--processors: bare or blueprint, got " + processors);
        }
        blueprint = processors.equals("blueprint");
        String jfrOption = options.get("jfr");
        jfr = jfrOption == null ? null : Path.of(jfrOption.equals("true") ? "job.jfr" : jfrOption).toAbsolutePath();
        heap = options.containsKey("heap");
    }

    static EndToEndOptions parse(String[] args) {
        return new EndToEndOptions(parseMap(args));
    }

    /** The value of an option without a field here ({@code --jar}, {@code --job-jvm}, ...), or null. */
    String get(String key) {
        return options.get(key);
    }

    String getOrDefault(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }

    boolean has(String key) {
        return options.containsKey(key);
    }

    private static Map<String, String> parseMap(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }
}

package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@link LoadDriver}'s command line ({@code --name value}, {@code --name=value} or a bare {@code --flag},
 * "true"): the shape of every job, checked. The run plan ({@code --samples-per-record}, {@code --repeat},
 * {@code --warmup-runs}) is read by {@link LoadDriver#main}.
 */
final class LoadDriverOptions {
    final int series;
    final int samples;
    final int parallelism;
    final String target;
    final boolean mtls;
    final RemoteWriteProtocol protocol;
    final boolean shuffle;
    final int maxSamplesPerSend;
    final long checkpointIntervalMs;
    final boolean verify;

    LoadDriverOptions(Map<String, String> options) {
        this.series = Integer.parseInt(options.getOrDefault("series", "2000"));
        this.samples = Integer.parseInt(options.getOrDefault("samples", "500"));
        this.parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
        this.target = options.getOrDefault("target", "null");
        this.mtls = Boolean.parseBoolean(options.getOrDefault("mtls", "false"));
        this.protocol = RemoteWriteProtocol.valueOf(options.getOrDefault("protocol", "v1").toUpperCase(Locale.ROOT));
        this.shuffle = Boolean.parseBoolean(options.getOrDefault("shuffle", "true"));
        this.maxSamplesPerSend = Integer.parseInt(options.getOrDefault("max-samples-per-send", "2000"));
        this.checkpointIntervalMs = Long.parseLong(options.getOrDefault("checkpoint-interval-ms", "0"));
        this.verify = Boolean.parseBoolean(options.getOrDefault("verify", "false"));
        if (!target.equals("null") && !target.equals("prometheus")) {
            throw new IllegalArgumentException("--target: expected null or prometheus, got " + target);
        }
        if (series % parallelism != 0) {
            throw new IllegalArgumentException("--series must be a multiple of --parallelism (each source subtask owns"
                    + " series/parallelism series)");
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                options.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }
}

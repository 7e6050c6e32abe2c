package io.github.otelflink.job;

import io.github.otelflink.job.config.ComponentConfig;
import io.github.otelflink.job.config.Pipeline;
import io.github.otelflink.job.config.PipelineConfig;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which pipeline a local state folder belongs to, kept in {@code <state>/pipeline.id} so that a
 * folder holding another pipeline's state is recognised before Flink tries (and fails) to map it.
 *
 * <p>The stateful structure is what operator uids are made of: the pipeline ids, the receiver ids
 * and the exporter ids the pipelines use (processors hold no state). Two identities are the
 * <b>same pipeline</b> when they come from the same config file (whatever was edited in it) or
 * have the same stateful structure (the file was moved or copied); anything else is another
 * pipeline.
 *
 * @param config the absolute, normalised path of the config file
 * @param pipelines the pipeline ids, sorted
 * @param receivers the receiver ids the pipelines use, sorted
 * @param exporters the exporter ids the pipelines use, sorted
 */
record PipelineIdentity(String config, List<String> pipelines, List<String> receivers, List<String> exporters) {

    static final String FILE_NAME = "pipeline.id";

    static PipelineIdentity of(Path configFile, PipelineConfig config) {
        TreeSet<String> pipelines = new TreeSet<>();
        TreeSet<String> receivers = new TreeSet<>();
        TreeSet<String> exporters = new TreeSet<>();
        for (Pipeline p : config.pipelines()) {
            pipelines.add(p.id().toString());
            p.receivers().forEach(r -> receivers.add(id(r)));
            p.exporters().forEach(e -> exporters.add(id(e)));
        }
        return new PipelineIdentity(configFile.toAbsolutePath().normalize().toString(), List.copyOf(pipelines),
                List.copyOf(receivers), List.copyOf(exporters));
    }

    private static String id(ComponentConfig component) {
        return component.id().toString();
    }

    /** A hash of the stateful structure (not of the config path). */
    String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String structure = "pipelines=" + pipelines + "\nreceivers=" + receivers + "\nexporters=" + exporters;
            return "sha256:" + HexFormat.of().formatHex(sha.digest(structure.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether state written by {@code other} belongs to this pipeline (see the class comment). */
    boolean isSamePipelineAs(PipelineIdentity other) {
        return config.equals(other.config) || hash().equals(other.hash());
    }

    /** {@code /path/pipeline.yaml (pipelines metrics; receivers otlp; exporters prometheusremotewrite)}. */
    String describe() {
        return config + " (pipelines " + String.join(", ", pipelines) + "; receivers " + String.join(", ", receivers)
                + "; exporters " + String.join(", ", exporters) + ")";
    }

    void write(Path stateRoot) throws IOException {
        Files.createDirectories(stateRoot);
        String text = "# the pipeline this state belongs to, written by otel-flink-job at each start\n"
                + "hash=" + hash() + "\n"
                + "config=" + escape(config) + "\n"
                + "pipelines=" + String.join(",", pipelines) + "\n"
                + "receivers=" + String.join(",", receivers) + "\n"
                + "exporters=" + String.join(",", exporters) + "\n";
        Path tmp = stateRoot.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, stateRoot.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The identity stored in {@code stateRoot}, if there is a readable one. */
    static Optional<PipelineIdentity> read(Path stateRoot) throws IOException {
        Path file = stateRoot.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String config = p.getProperty("config");
        if (config == null) {
            return Optional.empty();
        }
        return Optional.of(new PipelineIdentity(config, list(p, "pipelines"), list(p, "receivers"), list(p, "exporters")));
    }

    private static List<String> list(Properties p, String key) {
        String value = p.getProperty(key, "");
        return value.isBlank() ? List.of()
                : java.util.Arrays.stream(value.split(",")).map(String::trim).sorted().collect(Collectors.toList());
    }

    /** Properties escaping for a path: backslashes (Windows) must survive {@link Properties#load}. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\");
    }
}

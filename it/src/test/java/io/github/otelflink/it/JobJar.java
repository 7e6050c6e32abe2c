package io.github.otelflink.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The job's shaded jar as the job module builds it: the file users run ({@code java -jar}, {@code
 * flink run}). it/pom.xml passes its path to the tests as {@code job.jar}; the reactor builds the
 * job module first, since it/ depends on it.
 */
public final class JobJar {
    private JobJar() {}

    public static Path path() {
        Path jar = Path.of(System.getProperty("job.jar", "../job/target/otel-flink-job-0.1.0-SNAPSHOT.jar"))
                .toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the job module first (mvn -B verify -pl it -am)");
        }
        return jar;
    }

    /**
     * Starts a local run as the README has it ({@code java -jar <jar> --config <config>}) in
     * {@code work} (its state goes to {@code ./otel-flink-state} there) with the given
     * parallelism and 1 s checkpoints, its output appended to {@code log}. The caller stops it.
     */
    public static Process startLocalRun(Path work, Path config, int parallelism, Path log) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", tmpDirUnder(work), "-jar", path().toString(), "--config", config.toString(),
                "-Dparallelism.default=" + parallelism, "-Dexecution.checkpointing.interval=1s")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * A {@code -Djava.io.tmpdir} option for a job JVM, pointing into {@code parent} (a test's
     * temporary folder): the embedded cluster unpacks its 21 MB RPC jar into the temporary
     * directory and deletes it in a shutdown hook, which {@code kill -9} skips, so every killed
     * run used to leave one in /tmp.
     */
    public static String tmpDirUnder(Path parent) throws IOException {
        return "-Djava.io.tmpdir=" + Files.createDirectories(parent.resolve("tmp"));
    }
}

package io.github.otelflink.it;

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
}

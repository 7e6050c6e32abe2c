package io.github.otelflink.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks without a shaded jar or the exec plugin:
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.github.otelflink.bench.Benchmarks [JMH options] [regex]
 * </pre>
 *
 * Takes JMH's own command line (e.g. {@code EncodeBenchmark.rw1 -p shape=500x4 -f 2 -i 10});
 * where it sets nothing, the defaults are one fork, 3 warm-up iterations of 1s and 5 measured
 * iterations of 1s. With no regex every benchmark runs. {@link CpuTimeProfiler} is always on.
 */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include("io\\.github\\.otelflink\\.bench\\..*");
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        // CPU time per operation next to the wall-clock score: the machine is shared.
        options.addProfiler(CpuTimeProfiler.class);
        new Runner(options.build()).run();
    }
}

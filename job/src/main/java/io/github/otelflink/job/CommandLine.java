package io.github.otelflink.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job's command line, as {@link #USAGE} describes it.
 *
 * @param config the pipeline file
 * @param validate check the pipeline and print its plan instead of running it
 * @param stateDir the local run's state folder, or null for the default
 * @param freshState move the local run's state aside before starting
 * @param help print the usage and exit
 * @param flinkOptions the {@code -D} Flink options, in order
 */
record CommandLine(String config, boolean validate, String stateDir, boolean freshState, boolean help,
        Map<String, String> flinkOptions) {

    static final String USAGE = String.join("\n",
            "usage: java -jar otel-flink-job.jar --config <pipeline.yaml> [options]",
            "  --config <file>     the pipeline, in the OpenTelemetry Collector's YAML (required)",
            "  --validate          check the config and build the Flink job graph without running it;"
                    + " prints the plan (exit 0) or every problem (exit 1)",
            "  --state-dir <dir>   local runs: checkpoints and savepoints"
                    + " (default $OTEL_FLINK_STATE_DIR, else ./otel-flink-state)",
            "  --fresh-state       local runs: move the state folder aside to <dir>.old-<timestamp>"
                    + " and start with empty state",
            "  -D<key>=<value>     a Flink option, e.g. -Dparallelism.default=4 -Dexecution.checkpointing.interval=1s",
            "  -h, --help          print this help and exit");

    static CommandLine parse(String[] args) {
        String config = null;
        boolean validate = false;
        String stateDir = null;
        boolean freshState = false;
        Map<String, String> flinkOptions = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("-D") && args[i].indexOf('=') > 2) {
                int eq = args[i].indexOf('=');
                flinkOptions.put(args[i].substring(2, eq), args[i].substring(eq + 1));
                continue;
            }
            switch (args[i]) {
                case "-h":
                case "--help":
                    return new CommandLine(config, validate, stateDir, freshState, true, flinkOptions);
                case "--config":
                    config = value(args, ++i, "--config");
                    break;
                case "--validate":
                    validate = true;
                    break;
                case "--state-dir":
                    stateDir = value(args, ++i, "--state-dir");
                    break;
                case "--fresh-state":
                    freshState = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config is required");
        }
        return new CommandLine(config, validate, stateDir, freshState, false, flinkOptions);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}

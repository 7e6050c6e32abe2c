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
 * @param replayDeadLetter a dead-letter folder or file to send again instead of running, or null
 * @param exporter the exporter whose endpoint a replay sends to, or null for the only one
 */
record CommandLine(String config, boolean validate, String stateDir, boolean freshState, boolean help,
        Map<String, String> flinkOptions, String replayDeadLetter, String exporter) {

    static final String USAGE = String.join("\n",
            "usage: java -jar otel-flink-job.jar --config <pipeline.yaml> [options]",
            "  --config <file>     the pipeline, in the OpenTelemetry Collector's YAML (required)",
            "  --validate          check the config and build the Flink job graph without running it;"
                    + " prints the plan (exit 0) or every problem (exit 1)",
            "  --state-dir <dir>   local runs: checkpoints and savepoints"
                    + " (default $OTEL_FLINK_STATE_DIR, else ./otel-flink-state)",
            "  --fresh-state       local runs: move the state folder aside to <dir>.old-<timestamp>"
                    + " and start with empty state",
            "  --replay-dead-letter <dir|file>  send the dead letters of a prometheusremotewrite exporter"
                    + " (its dead_letter.directory) to its endpoint again, then exit: 0 when all were accepted",
            "  --exporter <id>     the exporter a replay sends to (default: the only prometheusremotewrite one)",
            "  -D<key>=<value>     a Flink option, e.g. -Dparallelism.default=4 -Dexecution.checkpointing.interval=1s",
            "  -h, --help          print this help and exit");

    static CommandLine parse(String[] args) {
        String config = null;
        boolean validate = false;
        String stateDir = null;
        boolean freshState = false;
        Map<String, String> flinkOptions = new LinkedHashMap<>();
        String replayDeadLetter = null;
        String exporter = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("-D") && args[i].indexOf('=') > 2) {
                int eq = args[i].indexOf('=');
                flinkOptions.put(args[i].substring(2, eq), args[i].substring(eq + 1));
                continue;
            }
            switch (args[i]) {
                case "-h":
                case "--help":
                    return new CommandLine(config, validate, stateDir, freshState, true, flinkOptions, null, null);
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
                case "--replay-dead-letter":
                    replayDeadLetter = value(args, ++i, "--replay-dead-letter");
                    break;
                case "--exporter":
                    exporter = value(args, ++i, "--exporter");
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config is required");
        }
        if (exporter != null && replayDeadLetter == null) {
            throw new IllegalArgumentException("--exporter is only used with --replay-dead-letter");
        }
        return new CommandLine(config, validate, stateDir, freshState, false, flinkOptions, replayDeadLetter, exporter);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}

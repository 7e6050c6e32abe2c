package io.github.otelflink.job;

import java.io.PrintStream;

/** Runs the command line from tests in other packages (PipelineJob.run is package-private). */
public final class PipelineJobAccess {
    private PipelineJobAccess() {}

    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return PipelineJob.run(args, out, err);
    }
}

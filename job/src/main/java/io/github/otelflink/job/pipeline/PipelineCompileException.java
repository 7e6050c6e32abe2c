package io.github.otelflink.job.pipeline;

import java.util.List;

/** A pipeline could not be built from its configuration; every problem names its config path. */
public final class PipelineCompileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PipelineCompileException(List<String> problems) {
        super("invalid pipeline (" + problems.size() + (problems.size() == 1 ? " error" : " errors") + "):\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

package io.github.otelflink.job.ottl;

import io.github.otelflink.job.processor.ErrorMode;

/**
 * A statement or condition that failed on one item at run time, e.g. {@code ConvertCase} of an
 * int or a division by zero. How it is handled depends on the {@link ErrorMode}.
 *
 * <p>Failures raised inside evaluation carry no stack trace: with {@link ErrorMode#IGNORE} they
 * can happen for every data point, and the trace would only show the evaluator tree.
 */
public final class OttlEvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OttlEvaluationException(String message) {
        super(message, null, false, false);
    }

    /** The failure of {@code statement}, as thrown by {@link ErrorMode#PROPAGATE}. */
    OttlEvaluationException(String message, OttlEvaluationException cause) {
        super(message, cause, false, true);
    }
}

package io.github.otelflink.job.ottl;

import io.github.otelflink.job.processor.ErrorMode;
import java.util.List;
import java.util.Objects;

/**
 * A list of conditions joined with {@code or}, with an {@link ErrorMode}: what the filter
 * processor's {@code metrics.metric}/{@code metrics.datapoint} lists and the transform
 * processor's group {@code conditions} mean. A condition that fails on an item counts as not
 * matching, unless the mode is {@link ErrorMode#PROPAGATE}. Not thread-safe (it counts and
 * throttles failures); the conditions themselves are.
 */
public final class OttlConditions {

    private final OttlCondition[] conditions;
    private final FailureHandler failures;

    public OttlConditions(List<OttlCondition> conditions, ErrorMode errorMode) {
        this(conditions, new FailureHandler(Objects.requireNonNull(errorMode, "errorMode")));
    }

    OttlConditions(List<OttlCondition> conditions, FailureHandler failures) {
        this.conditions = Objects.requireNonNull(conditions, "conditions").toArray(new OttlCondition[0]);
        this.failures = failures;
    }

    /** True when there are no conditions. */
    public boolean isEmpty() {
        return conditions.length == 0;
    }

    /**
     * True when any condition matches the current item.
     *
     * @throws OttlEvaluationException when a condition fails and the mode is {@link ErrorMode#PROPAGATE}
     */
    public boolean matchesAny(TransformContext ctx) {
        for (OttlCondition condition : conditions) {
            try {
                if (condition.matches(ctx)) {
                    return true;
                }
            } catch (OttlEvaluationException e) {
                failures.failed("condition", condition.source(), e);
            }
        }
        return false;
    }

    /** Number of condition evaluations that failed so far. */
    public long failures() {
        return failures.failures();
    }
}

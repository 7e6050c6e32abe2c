package io.github.otelflink.job.ottl;

import io.github.otelflink.job.processor.ErrorMode;
import java.util.List;
import java.util.Objects;

/**
 * One group of the transform processor's {@code metric_statements}: a context, optional
 * {@code conditions} (joined with {@code or}; the statements run only on items where one
 * holds), the statements in order, and the group's {@link ErrorMode}.
 *
 * <p>Not thread-safe (it counts and throttles failures); build one per operator instance.
 */
public final class ContextStatements {

    private final OttlContext context;
    private final OttlConditions conditions;
    private final List<OttlCondition> conditionList;
    private final OttlStatement[] statements;
    private final FailureHandler failures;

    /**
     * @throws IllegalArgumentException when a statement or condition was compiled for another context
     */
    public ContextStatements(OttlContext context, List<OttlCondition> conditions, List<OttlStatement> statements,
            ErrorMode errorMode) {
        this(context, conditions, statements, new FailureHandler(Objects.requireNonNull(errorMode, "errorMode")));
    }

    ContextStatements(OttlContext context, List<OttlCondition> conditions, List<OttlStatement> statements,
            FailureHandler failures) {
        this.context = Objects.requireNonNull(context, "context");
        for (OttlStatement statement : statements) {
            if (statement.context() != context) {
                throw new IllegalArgumentException("statement '" + statement.source() + "' was compiled for the "
                        + statement.context() + " context, not " + context);
            }
        }
        for (OttlCondition condition : conditions) {
            if (condition.context() != context) {
                throw new IllegalArgumentException("condition '" + condition.source() + "' was compiled for the "
                        + condition.context() + " context, not " + context);
            }
        }
        this.conditions = new OttlConditions(conditions, failures);
        this.conditionList = List.copyOf(conditions);
        this.statements = statements.toArray(new OttlStatement[0]);
        this.failures = failures;
    }

    public OttlContext context() {
        return context;
    }

    public ErrorMode errorMode() {
        return failures.mode();
    }

    /** The statements, in order. */
    public List<OttlStatement> statements() {
        return List.of(statements);
    }

    /** The group's conditions (any of which enables it); empty for always. */
    public List<OttlCondition> conditions() {
        return conditionList;
    }

    /** Number of statements and conditions that failed so far. */
    public long failures() {
        return failures.failures();
    }

    /**
     * Runs the group on the item {@code ctx} is positioned on.
     *
     * @throws OttlEvaluationException when something fails and the mode is {@link ErrorMode#PROPAGATE}
     */
    public void execute(TransformContext ctx) {
        if (!conditions.isEmpty() && !conditions.matchesAny(ctx)) {
            return;
        }
        for (OttlStatement statement : statements) {
            try {
                statement.execute(ctx);
            } catch (OttlEvaluationException e) {
                failures.failed("statement", statement.source(), e);
            }
        }
    }
}

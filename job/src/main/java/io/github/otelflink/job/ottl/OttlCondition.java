package io.github.otelflink.job.ottl;

import java.util.List;
import java.util.Objects;

/**
 * A compiled OTTL condition (a boolean expression without editor), as the filter processor
 * and the transform processor's {@code conditions} use them, e.g.
 * {@code metric.name == "x" and not IsMatch(attributes["k"], "^a")}.
 *
 * <p>Same grammar, checks and extensions as {@link OttlStatement}; immutable and shareable.
 */
public final class OttlCondition {

    private final OttlContext context;
    private final String source;
    private final Cond condition;
    /** The paths the condition reads. */
    private final List<Target> paths;

    private OttlCondition(OttlContext context, String source, Cond condition, List<Target> paths) {
        this.paths = paths;
        this.context = context;
        this.source = source;
        this.condition = condition;
    }

    /**
     * Parses and compiles a condition for {@code context}.
     *
     * @throws OttlCompileException with the line and column of the problem
     */
    public static OttlCondition compile(OttlContext context, String source) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(source, "source");
        Node tree = Parser.parseCondition(source);
        Compiler compiler = new Compiler(source, context);
        Cond condition = compiler.condition(tree);
        return new OttlCondition(context, source, condition, compiler.paths());
    }

    List<Target> paths() {
        return paths;
    }

    public OttlContext context() {
        return context;
    }

    public String source() {
        return source;
    }

    /**
     * Evaluates the condition on the current item.
     *
     * @throws OttlEvaluationException when it cannot be evaluated on this item
     */
    public boolean matches(TransformContext ctx) {
        return condition.test(ctx);
    }

    @Override
    public String toString() {
        return context + ": " + source;
    }
}

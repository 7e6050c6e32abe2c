package io.github.otelflink.job.ottl;

import java.util.List;
import java.util.Objects;

/**
 * A compiled OTTL statement: one editor invocation and an optional {@code where} condition,
 * for one context.
 *
 * <pre>{@code
 * OttlStatement s = OttlStatement.compile(OttlContext.METRIC,
 *         "set(name, Concat([\"otel_\", name], \"\")) where IsMatch(name, \"^http_.*\")");
 * s.execute(ctx);
 * }</pre>
 *
 * <p>Compiling checks everything that does not depend on data (syntax, functions and arity,
 * literal arguments, paths of the context, regular expressions) and builds a tree of small
 * evaluator objects; executing it does no parsing, regex compiling or reflection. A compiled
 * statement is immutable and may be shared between threads.
 *
 * <p><b>Extensions to OTTL</b> (both used by the Prometheus remote-write blueprint):
 * {@code a + b} on strings is {@code Concat([a, b], "")}, and the infix
 * {@code x matches "re"} is {@code IsMatch(x, "re")}. Everything else is standard OTTL.
 */
public final class OttlStatement {

    private final OttlContext context;
    private final String source;
    private final EditorAction editor;
    /** The editor's name, the paths the statement resolved, and whether {@code set} gets a constant value. */
    private final String editorName;
    private final List<Target> paths;
    private final boolean setsConstant;
    private final Cond where;

    private OttlStatement(OttlContext context, String source, EditorAction editor, Cond where, String editorName,
            List<Target> paths, boolean setsConstant) {
        this.editorName = editorName;
        this.paths = paths;
        this.setsConstant = setsConstant;
        this.context = context;
        this.source = source;
        this.editor = editor;
        this.where = where;
    }

    /**
     * Parses and compiles a statement for {@code context}.
     *
     * @throws OttlCompileException with the line and column of the problem
     */
    public static OttlStatement compile(OttlContext context, String source) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(source, "source");
        Node.Statement statement = Parser.parseStatement(source);
        Compiler compiler = new Compiler(source, context);
        EditorAction editor = compiler.editor(statement.editor());
        Cond where = statement.condition() == null ? null : compiler.condition(statement.condition());
        List<Node> args = statement.editor().args();
        // set's value compiled once more, to ask whether it is known before it runs (paths are recorded first).
        List<Target> paths = compiler.paths();
        boolean setsConstant = statement.editor().name().equals("set") && args.size() == 2
                && compiler.value(args.get(1)).isConstant();
        return new OttlStatement(context, source, editor, where, statement.editor().name(), paths, setsConstant);
    }

    String editorName() {
        return editorName;
    }

    /** The paths the statement reads or writes, its condition's included. */
    List<Target> paths() {
        return paths;
    }

    boolean hasCondition() {
        return where != null;
    }

    /** Whether this is {@code set} with a value known before it runs (a literal, or literals combined). */
    boolean setsConstant() {
        return setsConstant;
    }

    public OttlContext context() {
        return context;
    }

    /** The statement text as written. */
    public String source() {
        return source;
    }

    /**
     * Runs the editor if the condition holds.
     *
     * @return whether the condition held (always true without {@code where})
     * @throws OttlEvaluationException when the statement fails on this item
     */
    public boolean execute(TransformContext ctx) {
        if (where != null && !where.test(ctx)) {
            return false;
        }
        editor.run(ctx);
        return true;
    }

    @Override
    public String toString() {
        return context + ": " + source;
    }
}

package io.github.otelflink.job.ottl;

import io.github.otelflink.job.pdata.GoRegex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Turns a syntax tree into a tree of small evaluator objects for one context, checking
 * everything that can be checked before data arrives: functions and their arity, literal
 * arguments, paths of the context, regular expressions.
 */
final class Compiler {

    /** OTTL's enums for metrics, as int64 values. */
    private static final Map<String, Long> ENUMS = Map.ofEntries(
            Map.entry("METRIC_DATA_TYPE_NONE", 0L),
            Map.entry("METRIC_DATA_TYPE_GAUGE", 1L),
            Map.entry("METRIC_DATA_TYPE_SUM", 2L),
            Map.entry("METRIC_DATA_TYPE_HISTOGRAM", 3L),
            Map.entry("METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM", 4L),
            Map.entry("METRIC_DATA_TYPE_SUMMARY", 5L),
            Map.entry("AGGREGATION_TEMPORALITY_UNSPECIFIED", 0L),
            Map.entry("AGGREGATION_TEMPORALITY_DELTA", 1L),
            Map.entry("AGGREGATION_TEMPORALITY_CUMULATIVE", 2L),
            Map.entry("FLAG_NONE", 0L),
            Map.entry("FLAG_NO_RECORDED_VALUE", 1L),
            Map.entry("DATA_POINT_FLAGS_DO_NOT_USE", 0L),
            Map.entry("DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK", 1L));

    private final String source;
    private final OttlContext context;

    /** Every path resolved so far, in order: what the compiled text reads or writes ({@link OttlShapes}). */
    private final List<Target> paths = new ArrayList<>();

    Compiler(String source, OttlContext context) {
        this.source = source;
        this.context = context;
    }

    OttlContext context() {
        return context;
    }

    OttlCompileException error(Node.Pos pos, String reason) {
        return new OttlCompileException(source, pos.line(), pos.column(), reason);
    }

    EditorAction editor(Node.Call call) {
        if (call.isConverter()) {
            throw error(call.pos(), "expected an editor such as set(...) but found converter '" + call.name()
                    + "'; converters can only be used as values");
        }
        if (!call.keys().isEmpty()) {
            throw error(call.keys().get(0).pos(), "an editor invocation cannot be indexed");
        }
        return Editors.compile(this, call);
    }

    // ---- conditions

    Cond condition(Node node) {
        if (node instanceof Node.Or or) {
            Cond[] operands = conditions(or.operands());
            return ctx -> {
                for (Cond operand : operands) {
                    if (operand.test(ctx)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (node instanceof Node.And and) {
            Cond[] operands = conditions(and.operands());
            return ctx -> {
                for (Cond operand : operands) {
                    if (!operand.test(ctx)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (node instanceof Node.Not not) {
            Cond operand = condition(not.operand());
            return ctx -> !operand.test(ctx);
        }
        if (node instanceof Node.Comparison comparison) {
            Expr left = value(comparison.left());
            Expr right = value(comparison.right());
            CompareOp op = comparison.op();
            return ctx -> Values.compare(left.eval(ctx), op, right.eval(ctx));
        }
        if (node instanceof Node.Matches matches) {
            Expr left = value(matches.left());
            GoRegex regex = regex(matches.pattern(), "the right side of 'matches'");
            return Converters.isMatch(left, regex.pattern())::test;
        }
        if (node instanceof Node.Literal literal && literal.value() instanceof Boolean b) {
            boolean constant = b;
            return ctx -> constant;
        }
        if (node instanceof Node.Call call && call.isConverter()) {
            Expr expr = value(call);
            if (expr instanceof Converters.BoolExpr bool) {
                return bool::test;
            }
            if (expr.type() != Expr.ValueType.ANY && expr.type() != Expr.ValueType.BOOL) {
                throw error(call.pos(), "converter '" + call.name() + "' returns a "
                        + expr.type().name().toLowerCase(java.util.Locale.ROOT) + ", not a boolean");
            }
            return ctx -> {
                Object value = expr.eval(ctx);
                if (value instanceof Boolean b) {
                    return b;
                }
                throw new OttlEvaluationException("expected bool but got " + Values.typeName(value));
            };
        }
        String hint = node instanceof Node.PathRef path ? "; compare it, e.g. '" + path + " == true'" : "";
        throw error(node.pos(), "expected a condition (a comparison, true, false or a converter returning a boolean) but found "
                + describe(node) + hint);
    }

    private Cond[] conditions(List<Node> nodes) {
        Cond[] conds = new Cond[nodes.size()];
        for (int i = 0; i < conds.length; i++) {
            conds[i] = condition(nodes.get(i));
        }
        return conds;
    }

    // ---- values

    Expr value(Node node) {
        if (node instanceof Node.Literal literal) {
            return new Expr.Constant(literal.value());
        }
        if (node instanceof Node.ListLiteral list) {
            return list(list);
        }
        if (node instanceof Node.PathRef path) {
            return resolve(path);
        }
        if (node instanceof Node.EnumRef ref) {
            Long value = ENUMS.get(ref.name());
            if (value == null) {
                throw error(ref.pos(), "unknown enum '" + ref.name() + "'");
            }
            return new Expr.Constant(value);
        }
        if (node instanceof Node.Call call) {
            if (!call.isConverter()) {
                throw error(call.pos(), "editor '" + call.name() + "' cannot be used as a value; "
                        + "converters (which return values) start with an uppercase letter");
            }
            Expr converter = Converters.compile(this, call);
            return call.keys().isEmpty() ? converter : new Paths.Indexed(converter, call.keys());
        }
        if (node instanceof Node.Arithmetic arithmetic) {
            return Arithmetic.compile(this, arithmetic);
        }
        throw error(node.pos(), "a condition cannot be used as a value: found " + describe(node));
    }

    private Expr list(Node.ListLiteral list) {
        Expr[] elements = new Expr[list.elements().size()];
        boolean constant = true;
        for (int i = 0; i < elements.length; i++) {
            elements[i] = value(list.elements().get(i));
            constant &= elements[i].isConstant();
        }
        if (constant) {
            List<Object> values = new ArrayList<>(elements.length);
            for (Expr element : elements) {
                values.add(element.eval(null));
            }
            return new Expr.Constant(Collections.unmodifiableList(values));
        }
        return new Expr() {
            @Override
            public Object eval(TransformContext ctx) {
                List<Object> values = new ArrayList<>(elements.length);
                for (Expr element : elements) {
                    values.add(element.eval(ctx));
                }
                return values;
            }

            @Override
            public ValueType type() {
                return ValueType.LIST;
            }
        };
    }

    // ---- arguments

    void arity(Node.Call call, int expected, String signature) {
        if (call.args().size() != expected) {
            throw error(call.pos(), call.name() + " expects " + expected + " argument" + (expected == 1 ? "" : "s")
                    + " " + signature + " but got " + call.args().size());
        }
    }

    String stringLiteral(Node node, String what) {
        if (node instanceof Node.Literal literal && literal.value() instanceof String s) {
            return s;
        }
        throw error(node.pos(), what + " must be a string literal but found " + describe(node));
    }

    long intLiteral(Node node, String what) {
        if (node instanceof Node.Literal literal && literal.value() instanceof Long l) {
            return l;
        }
        throw error(node.pos(), what + " must be an int literal but found " + describe(node));
    }

    List<String> stringListLiteral(Node node, String what) {
        if (!(node instanceof Node.ListLiteral list)) {
            throw error(node.pos(), what + " must be a list of string literals such as [\"a\", \"b\"] but found " + describe(node));
        }
        List<String> values = new ArrayList<>();
        for (Node element : list.elements()) {
            values.add(stringLiteral(element, what + " element"));
        }
        return values;
    }

    /** A regular expression literal, compiled with Go's (RE2) semantics. */
    GoRegex regex(Node node, String what) {
        String pattern = stringLiteral(node, what);
        try {
            return GoRegex.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw error(node.pos(), "invalid regex \"" + pattern + "\": " + e.getMessage());
        }
    }

    private Target resolve(Node.PathRef path) {
        Target target = Paths.resolve(this, path);
        paths.add(target);
        return target;
    }

    /** The paths resolved so far. */
    List<Target> paths() {
        return List.copyOf(paths);
    }

    /** A path that an editor writes. */
    Target target(Node node, String function) {
        if (!(node instanceof Node.PathRef path)) {
            throw error(node.pos(), function + " needs a path to write to (such as name or attributes[\"key\"]) but found "
                    + describe(node));
        }
        Target target = resolve(path);
        if (target instanceof Paths.FieldAccess field && !field.field().settable()) {
            throw error(node.pos(), "path '" + path + "' cannot be set");
        }
        if (target instanceof Paths.Indexed) {
            throw error(path.keys().get(1).pos(), "setting a nested key is not supported");
        }
        return target;
    }

    /** The owner of an attribute map that an editor changes ({@code attributes}, {@code resource.attributes}, ...). */
    OttlContext mapTarget(Node node, String function) {
        if (node instanceof Node.PathRef path && resolve(path) instanceof Paths.MapAccess map) {
            return map.owner();
        }
        throw error(node.pos(), function + " needs an attribute map such as attributes or resource.attributes but found "
                + describe(node));
    }

    static String describe(Node node) {
        if (node instanceof Node.Literal literal) {
            return Values.typeName(literal.value()) + " " + literal;
        }
        if (node instanceof Node.PathRef) {
            return "path '" + node + "'";
        }
        if (node instanceof Node.Call call) {
            return (call.isConverter() ? "converter '" : "editor '") + call.name() + "'";
        }
        if (node instanceof Node.ListLiteral) {
            return "list " + node;
        }
        if (node instanceof Node.EnumRef) {
            return "enum " + node;
        }
        if (node instanceof Node.Arithmetic) {
            return "a math expression";
        }
        if (node instanceof Node.Comparison) {
            return "a comparison";
        }
        return "a boolean expression";
    }
}

package io.github.otelflink.job.ottl;

/**
 * Math expressions ({@code + - * /} on ints and doubles, as OTTL) and, as an extension, string
 * concatenation with {@code +}.
 *
 * <p><b>Extension:</b> when either operand of {@code +} is a string at run time,
 * {@code a + b} is {@code Concat([a, b], "")}: the other operand is converted as
 * {@code Concat} converts it (numbers and bools as text, nil as {@code <nil>}). Standard
 * OTTL rejects {@code +} on strings; the blueprint's {@code "otel_" + name} needs it.
 *
 * <p>As in OTTL, mixing an int and a double is an error, integer division truncates, and
 * dividing by zero is an error.
 */
final class Arithmetic implements Expr {

    private final char op;
    private final Expr left;
    private final Expr right;

    private Arithmetic(char op, Expr left, Expr right) {
        this.op = op;
        this.left = left;
        this.right = right;
    }

    static Expr compile(Compiler compiler, Node.Arithmetic node) {
        Expr left = compiler.value(node.left());
        Expr right = compiler.value(node.right());
        Arithmetic expr = new Arithmetic(node.op(), left, right);
        if (left.isConstant() && right.isConstant()) {
            try {
                return new Expr.Constant(expr.eval(null));
            } catch (OttlEvaluationException e) {
                throw compiler.error(node.pos(), e.getMessage());
            }
        }
        return expr;
    }

    @Override
    public Object eval(TransformContext ctx) {
        return apply(op, left.eval(ctx), right.eval(ctx));
    }

    @Override
    public ValueType type() {
        ValueType l = left.type();
        ValueType r = right.type();
        if (op == '+' && (l == ValueType.STRING || r == ValueType.STRING)) {
            return ValueType.STRING;
        }
        return l == r && (l == ValueType.INT || l == ValueType.DOUBLE) ? l : ValueType.ANY;
    }

    static Object apply(char op, Object l, Object r) {
        if (op == '+' && (l instanceof String || r instanceof String)) {
            return Values.concatElement(l).concat(Values.concatElement(r));
        }
        if (l instanceof Long a && r instanceof Long b) {
            switch (op) {
                case '+': return a + b;
                case '-': return a - b;
                case '*': return a * b;
                default:
                    if (b == 0) {
                        throw new OttlEvaluationException("attempted to divide by zero");
                    }
                    return a / b;
            }
        }
        if (l instanceof Double a && r instanceof Double b) {
            switch (op) {
                case '+': return a + b;
                case '-': return a - b;
                case '*': return a * b;
                default:
                    if (b == 0) {
                        throw new OttlEvaluationException("attempted to divide by zero");
                    }
                    return a / b;
            }
        }
        if ((l instanceof Long || l instanceof Double) && (r instanceof Long || r instanceof Double)) {
            throw new OttlEvaluationException("cannot mix int and double in a math expression ("
                    + Values.typeName(l) + " " + op + " " + Values.typeName(r) + ")");
        }
        throw new OttlEvaluationException("unsupported operand types for '" + op + "': "
                + Values.typeName(l) + " and " + Values.typeName(r));
    }
}

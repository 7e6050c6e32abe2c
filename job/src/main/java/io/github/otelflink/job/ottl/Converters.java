package io.github.otelflink.job.ottl;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The supported converters: {@code Concat}, {@code IsMatch}, {@code ConvertCase},
 * {@code Substring} and {@code Split}, with OTTL's argument rules and error messages.
 */
final class Converters {

    private Converters() {
    }

    static Expr compile(Compiler c, Node.Call call) {
        List<Node> args = call.args();
        switch (call.name()) {
            case "Concat": {
                c.arity(call, 2, "(values[], delimiter)");
                if (!(args.get(0) instanceof Node.ListLiteral list)) {
                    throw c.error(args.get(0).pos(), "Concat's first argument must be a list such as [\"a\", name] but found "
                            + Compiler.describe(args.get(0)));
                }
                Expr[] parts = new Expr[list.elements().size()];
                boolean constant = true;
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = c.value(list.elements().get(i));
                    constant &= parts[i].isConstant();
                }
                Expr concat = new ConcatExpr(parts, c.stringLiteral(args.get(1), "Concat's delimiter"));
                return constant ? new Expr.Constant(concat.eval(null)) : concat;
            }
            case "IsMatch":
                c.arity(call, 2, "(target, pattern)");
                return isMatch(c.value(args.get(0)), c.regex(args.get(1), "IsMatch's pattern").pattern());
            case "ConvertCase": {
                c.arity(call, 2, "(target, toCase)");
                String toCase = c.stringLiteral(args.get(1), "ConvertCase's toCase");
                if (!List.of("lower", "upper", "snake", "camel").contains(toCase)) {
                    throw c.error(args.get(1).pos(), "invalid case: " + toCase + ", allowed cases are: lower, upper, snake, camel");
                }
                return new ConvertCaseExpr(c.value(args.get(0)), toCase);
            }
            case "Substring": {
                c.arity(call, 3, "(target, start, length)");
                Expr start = c.value(args.get(1));
                Expr length = c.value(args.get(2));
                try {
                    if (start.isConstant()) {
                        SubstringExpr.checkStart(start.eval(null));
                    }
                } catch (OttlEvaluationException e) {
                    throw c.error(args.get(1).pos(), e.getMessage());
                }
                try {
                    if (length.isConstant()) {
                        SubstringExpr.checkLength(length.eval(null));
                    }
                } catch (OttlEvaluationException e) {
                    throw c.error(args.get(2).pos(), e.getMessage());
                }
                return new SubstringExpr(c.value(args.get(0)), start, length);
            }
            case "Split":
                c.arity(call, 2, "(target, delimiter)");
                return new SplitExpr(c.value(args.get(0)), c.stringLiteral(args.get(1), "Split's delimiter"));
            default:
                throw c.error(call.pos(), "unknown converter '" + call.name()
                        + "'; supported: Concat, ConvertCase, IsMatch, Split, Substring");
        }
    }

    /** {@code IsMatch} (and the {@code matches} operator): unanchored search in the target's string form; nil never matches. */
    static BoolExpr isMatch(Expr target, Pattern pattern) {
        return new BoolExpr() {
            @Override
            public boolean test(TransformContext ctx) {
                String text = Values.stringLike(target.eval(ctx));
                return text != null && pattern.matcher(text).find();
            }
        };
    }

    /** A converter returning a boolean, testable without boxing. */
    abstract static class BoolExpr implements Expr {
        abstract boolean test(TransformContext ctx);

        @Override
        public Object eval(TransformContext ctx) {
            return test(ctx);
        }

        @Override
        public ValueType type() {
            return ValueType.BOOL;
        }
    }

    static String requireString(Object value, String function) {
        if (value instanceof String s) {
            return s;
        }
        throw new OttlEvaluationException(function + ": expected string but got " + Values.typeName(value));
    }

    private static final class ConcatExpr implements Expr {
        private final Expr[] parts;
        private final String delimiter;

        ConcatExpr(Expr[] parts, String delimiter) {
            this.parts = parts;
            this.delimiter = delimiter;
        }

        @Override
        public Object eval(TransformContext ctx) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    out.append(delimiter);
                }
                out.append(Values.concatElement(parts[i].eval(ctx)));
            }
            return out.toString();
        }

        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    private static final class ConvertCaseExpr implements Expr {
        private final Expr target;
        private final String toCase;

        ConvertCaseExpr(Expr target, String toCase) {
            this.target = target;
            this.toCase = toCase;
        }

        @Override
        public Object eval(TransformContext ctx) {
            String value = requireString(target.eval(ctx), "ConvertCase");
            if (value.isEmpty()) {
                return value;
            }
            switch (toCase) {
                case "lower": return value.toLowerCase(Locale.ROOT);
                case "upper": return value.toUpperCase(Locale.ROOT);
                case "snake": return CaseConversion.toSnake(value);
                default: return CaseConversion.toCamel(value);
            }
        }

        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /**
     * {@code Substring(target, start, length)}. Positions count UTF-16 chars (OTTL counts
     * bytes; the same for ASCII, and this never cuts a UTF-8 sequence in half).
     */
    private static final class SubstringExpr implements Expr {
        private final Expr target;
        private final Expr start;
        private final Expr length;

        SubstringExpr(Expr target, Expr start, Expr length) {
            this.target = target;
            this.start = start;
            this.length = length;
        }

        static long checkStart(Object value) {
            long start = requireInt(value, "start");
            if (start < 0) {
                throw new OttlEvaluationException("invalid start for substring function, " + start + " cannot be negative");
            }
            return start;
        }

        static long checkLength(Object value) {
            long length = requireInt(value, "length");
            if (length <= 0) {
                throw new OttlEvaluationException(
                        "invalid length for substring function, " + length + " cannot be negative or zero");
            }
            return length;
        }

        private static long requireInt(Object value, String what) {
            if (value instanceof Long l) {
                return l;
            }
            throw new OttlEvaluationException("Substring: expected int " + what + " but got " + Values.typeName(value));
        }

        @Override
        public Object eval(TransformContext ctx) {
            long from = checkStart(start.eval(ctx));
            long count = checkLength(length.eval(ctx));
            String value = requireString(target.eval(ctx), "Substring");
            if (from > value.length() || count > value.length() - from) {
                throw new OttlEvaluationException("invalid range for substring function, start(" + from + ")+length("
                        + count + ") cannot be greater than the length of target string(" + value.length() + ")");
            }
            return value.substring((int) from, (int) (from + count));
        }

        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** {@code Split(target, delimiter)} as Go's {@code strings.Split}: empty parts are kept. */
    private static final class SplitExpr implements Expr {
        private final Expr target;
        private final String delimiter;

        SplitExpr(Expr target, String delimiter) {
            this.target = target;
            this.delimiter = delimiter;
        }

        @Override
        public Object eval(TransformContext ctx) {
            String value = requireString(target.eval(ctx), "Split");
            List<Object> parts = new ArrayList<>();
            if (delimiter.isEmpty()) {
                // Go splits after each UTF-8 sequence, i.e. into code points.
                for (int i = 0; i < value.length(); ) {
                    int next = value.offsetByCodePoints(i, 1);
                    parts.add(value.substring(i, next));
                    i = next;
                }
                return Collections.unmodifiableList(parts);
            }
            int from = 0;
            int at;
            while ((at = value.indexOf(delimiter, from)) >= 0) {
                parts.add(value.substring(from, at));
                from = at + delimiter.length();
            }
            parts.add(value.substring(from));
            return Collections.unmodifiableList(parts);
        }

        @Override
        public ValueType type() {
            return ValueType.LIST;
        }
    }
}

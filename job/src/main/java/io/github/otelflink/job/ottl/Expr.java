package io.github.otelflink.job.ottl;

/**
 * A compiled value expression: a literal, path, converter call, list or math expression.
 * Evaluation fails with {@link OttlEvaluationException}; it never compiles regexes, reflects
 * or allocates beyond the value it returns.
 */
@FunctionalInterface
interface Expr {

    /** The value: String, Long, Double, Boolean, byte[], List, Map or null. */
    Object eval(TransformContext ctx);

    /** What the expression is known to return before it runs. */
    default ValueType type() {
        return ValueType.ANY;
    }

    /** True for expressions whose value is known at compile time ({@link Constant}). */
    default boolean isConstant() {
        return false;
    }

    /** Static result types, used for compile-time checks. */
    enum ValueType {
        ANY, NIL, STRING, INT, DOUBLE, BOOL, BYTES, LIST, MAP;

        static ValueType of(Object value) {
            if (value == null) {
                return NIL;
            }
            if (value instanceof String) {
                return STRING;
            }
            if (value instanceof Long) {
                return INT;
            }
            if (value instanceof Double) {
                return DOUBLE;
            }
            if (value instanceof Boolean) {
                return BOOL;
            }
            if (value instanceof byte[]) {
                return BYTES;
            }
            if (value instanceof java.util.List) {
                return LIST;
            }
            return value instanceof java.util.Map ? MAP : ANY;
        }
    }

    /** An expression with a value fixed at compile time. */
    final class Constant implements Expr {
        private final Object value;

        Constant(Object value) {
            this.value = value;
        }

        Object value() {
            return value;
        }

        @Override
        public Object eval(TransformContext ctx) {
            return value;
        }

        @Override
        public ValueType type() {
            return ValueType.of(value);
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }
}

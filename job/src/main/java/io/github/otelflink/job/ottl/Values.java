package io.github.otelflink.job.ottl;

import io.github.otelflink.job.pdata.AttributeValues;
import io.github.otelflink.job.pdata.GoStrings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTTL's value semantics on Java objects: comparison rules, the string form used by
 * {@code Concat}/{@code IsMatch} ("string-like" conversion) and type names for messages.
 */
final class Values {

    private Values() {
    }

    static String typeName(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "map";
        }
        return value.getClass().getSimpleName();
    }

    /**
     * OTTL's comparison rules: nil equals only nil; ints and doubles compare numerically
     * (as double when mixed); strings by code point (Go compares UTF-8 bytes: same order);
     * bools with false &lt; true; bytes byte by byte; lists and maps for equality only; values
     * of different types are never equal and never ordered. Never fails.
     */
    static boolean compare(Object left, CompareOp op, Object right) {
        if (left == null || right == null) {
            boolean equal = left == right || isEmptyBytes(left) || isEmptyBytes(right);
            return op == CompareOp.EQ ? equal : op == CompareOp.NE && !equal;
        }
        if (left instanceof String l && right instanceof String r) {
            if (op == CompareOp.EQ) {
                return l.equals(r);
            }
            if (op == CompareOp.NE) {
                return !l.equals(r);
            }
            return op.holds(GoStrings.compare(l, r));
        }
        if (left instanceof Long l && right instanceof Long r) {
            return op.holds(Long.compare(l, r));
        }
        if (left instanceof Number l && right instanceof Number r && isNumber(left) && isNumber(right)) {
            return compareDoubles(l.doubleValue(), op, r.doubleValue());
        }
        if (left instanceof Boolean l && right instanceof Boolean r) {
            return op.holds(Boolean.compare(l, r));
        }
        if (left instanceof byte[] l && right instanceof byte[] r) {
            return op.holds(Arrays.compareUnsigned(l, r));
        }
        boolean sameType = typeName(left).equals(typeName(right));
        boolean equal = sameType && left.equals(right);
        return op == CompareOp.EQ ? equal : op == CompareOp.NE && !equal;
    }

    private static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double;
    }

    private static boolean isEmptyBytes(Object value) {
        return value instanceof byte[] bytes && bytes.length == 0;
    }

    /** Go's float comparison: every ordering involving NaN is false, and NaN != NaN. */
    private static boolean compareDoubles(double l, CompareOp op, double r) {
        switch (op) {
            case EQ: return l == r;
            case NE: return l != r;
            case LT: return l < r;
            case LE: return l <= r;
            case GT: return l > r;
            default: return l >= r;
        }
    }

    /**
     * OTTL's string-like conversion ({@link AttributeValues#ottlStringLike}): strings as they
     * are, bytes as hex, numbers, bools, lists and maps as goccy/go-json writes them; null stays
     * null.
     *
     * @throws OttlEvaluationException where the Collector's getter fails (a NaN or infinite double)
     */
    static String stringLike(Object value) {
        try {
            return AttributeValues.ottlStringLike(value);
        } catch (IllegalArgumentException e) {
            throw new OttlEvaluationException(e.getMessage());
        }
    }

    /** {@code Concat}'s rendering of one element: string-like, with nil as {@code <nil>} (Go's fmt). */
    static String concatElement(Object value) {
        return value == null ? "<nil>" : stringLike(value);
    }

    /** A snapshot of an attribute map as an insertion-ordered {@link Map}. */
    static Map<String, Object> toMap(AttributeMap attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            map.put(attributes.keyAt(i), attributes.valueAt(i));
        }
        return map;
    }
}

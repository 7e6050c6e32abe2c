package io.github.otelflink.job.ottl;

import com.google.re2j.Pattern;
import io.github.otelflink.job.pdata.GoRegex;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The supported editors: {@code set}, {@code delete_key}, {@code delete_matching_keys},
 * {@code keep_keys}, {@code keep_matching_keys}, {@code limit}, {@code truncate_all},
 * {@code replace_pattern} and {@code replace_all_patterns}, with OTTL's semantics. Regular
 * expressions follow Go's RE2 and match anywhere in the text (unanchored), as in OTTL.
 */
final class Editors {

    private Editors() {
    }

    static EditorAction compile(Compiler c, Node.Call call) {
        List<Node> args = call.args();
        String name = call.name();
        switch (name) {
            case "set": {
                c.arity(call, 2, "(target, value)");
                Target target = c.target(args.get(0), name);
                Expr value = c.value(args.get(1));
                return ctx -> {
                    Object v = value.eval(ctx);
                    if (v != null) { // OTTL: setting nil does nothing
                        target.set(ctx, v);
                    }
                };
            }
            case "delete_key": {
                c.arity(call, 2, "(target, key)");
                OttlContext owner = c.mapTarget(args.get(0), name);
                String key = c.stringLiteral(args.get(1), "delete_key's key");
                return ctx -> ctx.attributes(owner).remove(key);
            }
            case "delete_matching_keys": {
                c.arity(call, 2, "(target, pattern)");
                OttlContext owner = c.mapTarget(args.get(0), name);
                Pattern pattern = c.regex(args.get(1), "delete_matching_keys's pattern").pattern();
                return ctx -> retainKeys(ctx.attributes(owner), pattern, false);
            }
            case "keep_keys": {
                c.arity(call, 2, "(target, keys[])");
                OttlContext owner = c.mapTarget(args.get(0), name);
                Set<String> keys = Set.copyOf(c.stringListLiteral(args.get(1), "keep_keys's keys"));
                return ctx -> {
                    AttributeMap map = ctx.attributes(owner);
                    for (int i = map.size() - 1; i >= 0; i--) {
                        if (!keys.contains(map.keyAt(i))) {
                            map.removeAt(i);
                        }
                    }
                };
            }
            case "keep_matching_keys": {
                c.arity(call, 2, "(target, pattern)");
                OttlContext owner = c.mapTarget(args.get(0), name);
                Pattern pattern = c.regex(args.get(1), "keep_matching_keys's pattern").pattern();
                return ctx -> retainKeys(ctx.attributes(owner), pattern, true);
            }
            case "limit":
                return limit(c, call);
            case "truncate_all": {
                c.arity(call, 2, "(target, limit)");
                OttlContext owner = c.mapTarget(args.get(0), name);
                long limit = c.intLiteral(args.get(1), "truncate_all's limit");
                if (limit < 0) {
                    throw c.error(args.get(1).pos(), "invalid limit for truncate_all function, " + limit + " cannot be negative");
                }
                return ctx -> truncateAll(ctx.attributes(owner), limit);
            }
            case "replace_pattern":
                return replacePattern(c, call);
            case "replace_all_patterns":
                return replaceAllPatterns(c, call);
            default:
                throw c.error(call.pos(), "unknown editor '" + name + "'; supported: set, delete_key, delete_matching_keys, "
                        + "keep_keys, keep_matching_keys, limit, truncate_all, replace_pattern, replace_all_patterns");
        }
    }

    /** Removes the keys that match ({@code keepMatching} false) or that do not ({@code keepMatching} true). */
    private static void retainKeys(AttributeMap map, Pattern pattern, boolean keepMatching) {
        for (int i = map.size() - 1; i >= 0; i--) {
            if (pattern.matcher(map.keyAt(i)).find() != keepMatching) {
                map.removeAt(i);
            }
        }
    }

    /**
     * {@code limit(target, limit, priority_keys[])}: keeps the priority keys that are present,
     * then the other keys in map order until {@code limit} entries remain.
     */
    private static EditorAction limit(Compiler c, Node.Call call) {
        c.arity(call, 3, "(target, limit, priority_keys[])");
        List<Node> args = call.args();
        OttlContext owner = c.mapTarget(args.get(0), "limit");
        long limit = c.intLiteral(args.get(1), "limit's limit");
        Set<String> priority = new LinkedHashSet<>(c.stringListLiteral(args.get(2), "limit's priority_keys"));
        if (limit < 0) {
            throw c.error(args.get(1).pos(), "invalid limit for limit function, " + limit + " cannot be negative");
        }
        if (limit < priority.size()) {
            throw c.error(args.get(1).pos(), "invalid limit for limit function, " + limit
                    + " cannot be less than number of priority attributes " + priority.size());
        }
        String[] priorityKeys = priority.toArray(new String[0]);
        return ctx -> {
            AttributeMap map = ctx.attributes(owner);
            if (map.size() <= limit) {
                return;
            }
            long kept = 0;
            for (String key : priorityKeys) {
                if (map.indexOf(key) >= 0) {
                    kept++;
                }
            }
            int i = 0;
            while (i < map.size()) {
                if (priority.contains(map.keyAt(i))) {
                    i++;
                } else if (kept < limit) {
                    kept++;
                    i++;
                } else {
                    map.removeAt(i);
                }
            }
        };
    }

    /**
     * Cuts every string value longer than {@code limit} UTF-8 bytes (OTTL counts bytes) and
     * never splits a character: one that would straddle the limit is dropped whole, so the
     * result stays valid UTF-8.
     */
    private static void truncateAll(AttributeMap map, long limit) {
        for (int i = 0; i < map.size(); i++) {
            if (map.valueAt(i) instanceof String s) {
                String cut = truncateUtf8(s, limit);
                if (cut != s) {
                    map.setValueAt(i, cut);
                }
            }
        }
    }

    static String truncateUtf8(String s, long limit) {
        if ((long) s.length() * 3 <= limit) {
            return s; // no char needs more than 3 bytes (surrogate pairs take 4 for 2 chars)
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > limit) {
                return s.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return s;
    }

    private static EditorAction replacePattern(Compiler c, Node.Call call) {
        c.arity(call, 3, "(target, regex, replacement) (the optional function and format arguments are not supported)");
        List<Node> args = call.args();
        Target target = c.target(args.get(0), "replace_pattern");
        GoRegex regex = c.regex(args.get(1), "replace_pattern's regex");
        ReplacementSource replacement = ReplacementSource.of(c, args.get(2), regex);
        Pattern pattern = regex.pattern();
        return ctx -> {
            if (target.eval(ctx) instanceof String value) {
                String replaced = replacement.get(ctx).replaceAll(pattern.matcher(value), value);
                if (replaced != value) {
                    target.set(ctx, replaced);
                }
            }
        };
    }

    /** {@code replace_all_patterns(target, "key"|"value", regex, replacement)}. */
    private static EditorAction replaceAllPatterns(Compiler c, Node.Call call) {
        c.arity(call, 4, "(target, mode, regex, replacement) (the optional function and format arguments are not supported)");
        List<Node> args = call.args();
        OttlContext owner = c.mapTarget(args.get(0), "replace_all_patterns");
        String mode = c.stringLiteral(args.get(1), "replace_all_patterns's mode");
        if (!mode.equals("key") && !mode.equals("value")) {
            throw c.error(args.get(1).pos(), "invalid mode " + mode + ", must be either 'key' or 'value'");
        }
        GoRegex regex = c.regex(args.get(2), "replace_all_patterns's regex");
        ReplacementSource replacement = ReplacementSource.of(c, args.get(3), regex);
        Pattern pattern = regex.pattern();
        if (mode.equals("value")) {
            return ctx -> {
                AttributeMap map = ctx.attributes(owner);
                Replacement template = null;
                for (int i = 0; i < map.size(); i++) {
                    if (map.valueAt(i) instanceof String value) {
                        if (template == null) {
                            template = replacement.get(ctx);
                        }
                        String replaced = template.replaceAll(pattern.matcher(value), value);
                        if (replaced != value) {
                            map.setValueAt(i, replaced);
                        }
                    }
                }
            };
        }
        return ctx -> {
            AttributeMap map = ctx.attributes(owner);
            int size = map.size();
            String[] keys = null;
            Replacement template = null;
            for (int i = 0; i < size; i++) {
                String key = map.keyAt(i);
                if (template == null) {
                    template = replacement.get(ctx);
                }
                String renamed = template.replaceAll(pattern.matcher(key), key);
                if (renamed != key) {
                    if (keys == null) {
                        keys = new String[size];
                        for (int k = 0; k < i; k++) {
                            keys[k] = map.keyAt(k);
                        }
                    }
                }
                if (keys != null) {
                    keys[i] = renamed;
                }
            }
            if (keys == null) {
                return;
            }
            // Rebuild in order; a renamed key that collides keeps the first position and the last value, as in OTTL.
            Object[] values = new Object[size];
            for (int i = 0; i < size; i++) {
                values[i] = map.valueAt(i);
            }
            map.clear();
            for (int i = 0; i < size; i++) {
                map.put(keys[i], values[i]);
            }
        };
    }

    /** The replacement argument: parsed once when it is a literal, per call otherwise. */
    private static final class ReplacementSource {
        private final Expr expr;
        private final GoRegex regex;
        private final Replacement constant;

        private ReplacementSource(Expr expr, GoRegex regex, Replacement constant) {
            this.expr = expr;
            this.regex = regex;
            this.constant = constant;
        }

        static ReplacementSource of(Compiler c, Node node, GoRegex regex) {
            Expr expr = c.value(node);
            if (!expr.isConstant()) {
                return new ReplacementSource(expr, regex, null);
            }
            if (expr.eval(null) instanceof String s) {
                return new ReplacementSource(expr, regex, Replacement.parse(s, regex));
            }
            throw c.error(node.pos(), "the replacement must be a string but found " + Compiler.describe(node));
        }

        Replacement get(TransformContext ctx) {
            if (constant != null) {
                return constant;
            }
            return Replacement.parse(Converters.requireString(expr.eval(ctx), "replacement"), regex);
        }
    }
}

package io.github.otelflink.job.ottl;

import java.util.List;
import java.util.Map;

/**
 * Resolves paths for a context and builds their accessors.
 *
 * <p>A path is either bare ({@code name}, {@code attributes["k"]}: the context's own item) or
 * prefixed with the level it reads ({@code resource.attributes["k"]}, {@code metric.name},
 * {@code instrumentation_scope.version} or {@code scope.version}, {@code datapoint.flags}).
 * A prefix names the context's own level or an enclosing one, never an inner one.
 */
final class Paths {

    private Paths() {
    }

    /** The attribute owners: the levels that have attributes. */
    static boolean hasAttributes(OttlContext level) {
        return level != OttlContext.METRIC;
    }

    static Target resolve(Compiler compiler, Node.PathRef path) {
        List<String> segments = path.segments();
        OttlContext context = compiler.context();
        OttlContext level = prefixLevel(segments.get(0));
        List<String> rest = segments;
        if (level != null && segments.size() > 1) {
            if (!context.canSee(level)) {
                throw compiler.error(path.pos(), "path '" + path.dotted() + "' is not available in the " + context
                        + " context; use it in the " + level + " context");
            }
            rest = segments.subList(1, segments.size());
        } else {
            level = context;
        }
        if (rest.size() != 1) {
            throw unknown(compiler, path, context);
        }
        String name = rest.get(0);
        List<Node.Key> keys = path.keys();
        if (name.equals("attributes") && hasAttributes(level)) {
            if (keys.isEmpty()) {
                return new MapAccess(level);
            }
            Node.Key first = keys.get(0);
            if (!(first.key() instanceof String key)) {
                throw compiler.error(first.pos(), "attribute keys must be strings");
            }
            Target attribute = new AttributeAccess(level, key);
            return keys.size() == 1 ? attribute : new Indexed(attribute, keys.subList(1, keys.size()));
        }
        TelemetryField field = TelemetryField.find(level, name);
        if (field == null) {
            throw unknown(compiler, path, context);
        }
        if (!keys.isEmpty()) {
            throw compiler.error(keys.get(0).pos(), "path '" + path.dotted() + "' cannot be indexed");
        }
        return new FieldAccess(field);
    }

    private static OttlContext prefixLevel(String segment) {
        switch (segment) {
            case "resource":
                return OttlContext.RESOURCE;
            case "instrumentation_scope":
            case "scope":
                return OttlContext.SCOPE;
            case "metric":
                return OttlContext.METRIC;
            case "datapoint":
                return OttlContext.DATAPOINT;
            default:
                return null;
        }
    }

    private static OttlCompileException unknown(Compiler compiler, Node.PathRef path, OttlContext context) {
        String message = "unknown path '" + path.dotted() + "' in the " + context + " context";
        if (path.segments().size() == 1) {
            String name = path.segments().get(0);
            OttlContext[] levels = OttlContext.values();
            // An inner level first (the statement is probably in the wrong context), then
            // the nearest enclosing one (the path probably lacks its prefix).
            for (int i = levels.length - 1; i > context.ordinal(); i--) {
                if (exists(levels[i], name)) {
                    return compiler.error(path.pos(), message + "; '" + name + "' is a path of the " + levels[i] + " context");
                }
            }
            for (int i = context.ordinal() - 1; i >= 0; i--) {
                if (exists(levels[i], name)) {
                    return compiler.error(path.pos(), message + "; did you mean '" + levels[i] + "." + name + "'?");
                }
            }
        }
        return compiler.error(path.pos(), message);
    }

    private static boolean exists(OttlContext level, String name) {
        return TelemetryField.find(level, name) != null || (name.equals("attributes") && hasAttributes(level));
    }

    /** A scalar field. */
    static final class FieldAccess implements Target {
        private final TelemetryField field;

        FieldAccess(TelemetryField field) {
            this.field = field;
        }

        TelemetryField field() {
            return field;
        }

        @Override
        public Object eval(TransformContext ctx) {
            return ctx.get(field);
        }

        @Override
        public void set(TransformContext ctx, Object value) {
            // OTTL setters ignore values of the wrong type (set(name, 1) does nothing).
            if (field.kind().accepts(value)) {
                ctx.set(field, value);
            }
        }

        @Override
        public ValueType type() {
            switch (field.kind()) {
                case STRING: return ValueType.STRING;
                case INT: return ValueType.INT;
                case DOUBLE: return ValueType.DOUBLE;
                default: return ValueType.BOOL;
            }
        }
    }

    /** {@code attributes["key"]} of one level. */
    static final class AttributeAccess implements Target {
        private final OttlContext owner;
        private final String key;

        AttributeAccess(OttlContext owner, String key) {
            this.owner = owner;
            this.key = key;
        }

        OttlContext owner() {
            return owner;
        }

        @Override
        public Object eval(TransformContext ctx) {
            return ctx.attributes(owner).get(key);
        }

        @Override
        public void set(TransformContext ctx, Object value) {
            ctx.attributes(owner).put(key, value);
        }
    }

    /** {@code attributes} of one level as a whole: read as a snapshot map, written by replacing all entries. */
    static final class MapAccess implements Target {
        private final OttlContext owner;

        MapAccess(OttlContext owner) {
            this.owner = owner;
        }

        OttlContext owner() {
            return owner;
        }

        @Override
        public Object eval(TransformContext ctx) {
            return Values.toMap(ctx.attributes(owner));
        }

        @Override
        public void set(TransformContext ctx, Object value) {
            if (!(value instanceof Map<?, ?> map)) {
                return;
            }
            AttributeMap attributes = ctx.attributes(owner);
            attributes.clear();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                attributes.put(String.valueOf(entry.getKey()), entry.getValue());
            }
        }

        @Override
        public ValueType type() {
            return ValueType.MAP;
        }
    }

    /** Further keys into a map or list value; read-only. */
    static final class Indexed implements Target {
        private final Expr base;
        private final Object[] keys;

        Indexed(Expr base, List<Node.Key> keys) {
            this.base = base;
            this.keys = new Object[keys.size()];
            for (int i = 0; i < this.keys.length; i++) {
                this.keys[i] = keys.get(i).key();
            }
        }

        @Override
        public Object eval(TransformContext ctx) {
            Object value = base.eval(ctx);
            for (Object key : keys) {
                value = index(value, key);
            }
            return value;
        }

        @Override
        public void set(TransformContext ctx, Object value) {
            throw new IllegalStateException("nested keys are read-only");
        }

        static Object index(Object value, Object key) {
            if (value == null) {
                return null;
            }
            if (key instanceof String name) {
                if (value instanceof Map<?, ?> map) {
                    return map.get(name);
                }
                throw new OttlEvaluationException("cannot index " + Values.typeName(value) + " with string key \"" + name + "\"");
            }
            long position = (Long) key;
            if (value instanceof List<?> list) {
                if (position < 0 || position >= list.size()) {
                    throw new OttlEvaluationException("index " + position + " out of bounds for list of " + list.size());
                }
                return list.get((int) position);
            }
            throw new OttlEvaluationException("cannot index " + Values.typeName(value) + " with int key " + position);
        }
    }
}

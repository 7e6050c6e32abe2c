package io.github.otelflink.job.ottl;

import java.util.List;
import java.util.Set;

/**
 * What a statement group reads and writes, told from its syntax: the two shapes of transform
 * groups that can run without the request's data points decoded ({@code WireProcessors}).
 * Anything else answers false, and the request is decoded as before.
 */
public final class OttlShapes {
    /** The metric fields a metric group may use: the ones the wire translator reads before any point. */
    private static final Set<String> METRIC_IDENTITY = Set.of("name", "description", "unit");
    /** Editors of a string field; the others edit maps, which a metric has none of. */
    private static final Set<String> STRING_EDITORS = Set.of("set", "replace_pattern");

    private OttlShapes() {}

    /**
     * A metric group whose statements and conditions read and write only the metric's name,
     * description and unit ({@code set(name, "otel_" + name) where name matches "^http_.*"}):
     * its result depends on those three strings alone.
     */
    public static boolean editsOnlyMetricIdentity(ContextStatements group) {
        if (group.context() != OttlContext.METRIC) {
            return false;
        }
        for (OttlStatement s : group.statements()) {
            Node.Statement parsed = Parser.parseStatement(s.source());
            if (!STRING_EDITORS.contains(parsed.editor().name()) || !pathsWithin(parsed.editor())
                    || (parsed.condition() != null && !pathsWithin(parsed.condition()))) {
                return false;
            }
        }
        for (OttlCondition c : group.conditions()) {
            if (!pathsWithin(Parser.parseCondition(c.source()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A data point group without conditions whose every statement sets one attribute to a literal
     * ({@code set(attributes["source"], "opentelemetry")}): every point gets the same edit,
     * whatever it holds.
     */
    public static boolean setsOnlyConstantPointAttributes(ContextStatements group) {
        if (group.context() != OttlContext.DATAPOINT || !group.conditions().isEmpty()) {
            return false;
        }
        for (OttlStatement s : group.statements()) {
            Node.Statement parsed = Parser.parseStatement(s.source());
            List<Node> args = parsed.editor().args();
            if (parsed.condition() != null || !parsed.editor().name().equals("set") || !parsed.editor().keys().isEmpty()
                    || args.size() != 2 || !isOwnAttribute(args.get(0))
                    || !(args.get(1) instanceof Node.Literal literal) || literal.value() == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOwnAttribute(Node node) {
        if (!(node instanceof Node.PathRef path) || path.keys().size() != 1 || !(path.keys().get(0).key() instanceof String)) {
            return false;
        }
        List<String> segments = path.segments();
        return segments.equals(List.of("attributes")) || segments.equals(List.of("datapoint", "attributes"));
    }

    /** Whether every path under {@code node} is the metric's name, description or unit. */
    private static boolean pathsWithin(Node node) {
        if (node instanceof Node.PathRef path) {
            List<String> segments = path.segments();
            String field = segments.size() == 2 && segments.get(0).equals("metric") ? segments.get(1)
                    : segments.size() == 1 ? segments.get(0) : null;
            return field != null && path.keys().isEmpty() && METRIC_IDENTITY.contains(field);
        }
        if (node instanceof Node.Call call) {
            return call.args().stream().allMatch(OttlShapes::pathsWithin);
        }
        if (node instanceof Node.ListLiteral list) {
            return list.elements().stream().allMatch(OttlShapes::pathsWithin);
        }
        if (node instanceof Node.Arithmetic a) {
            return pathsWithin(a.left()) && pathsWithin(a.right());
        }
        if (node instanceof Node.Comparison c) {
            return pathsWithin(c.left()) && pathsWithin(c.right());
        }
        if (node instanceof Node.Matches m) {
            return pathsWithin(m.left()) && pathsWithin(m.pattern());
        }
        if (node instanceof Node.And and) {
            return and.operands().stream().allMatch(OttlShapes::pathsWithin);
        }
        if (node instanceof Node.Or or) {
            return or.operands().stream().allMatch(OttlShapes::pathsWithin);
        }
        if (node instanceof Node.Not not) {
            return pathsWithin(not.operand());
        }
        return node instanceof Node.Literal || node instanceof Node.EnumRef;
    }
}

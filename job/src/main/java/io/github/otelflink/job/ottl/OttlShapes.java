package io.github.otelflink.job.ottl;

import java.util.List;
import java.util.Set;

/**
 * What a statement group reads and writes, from the paths its statements and conditions resolved
 * when they were compiled: the two shapes of transform groups that can run without the request's
 * data points decoded ({@code WireProcessors}). Anything else answers false, and the request is
 * decoded as before.
 */
public final class OttlShapes {
    /** The metric fields a metric group may use: the ones the wire translator reads before any point. */
    private static final Set<TelemetryField> METRIC_IDENTITY =
            Set.of(TelemetryField.METRIC_NAME, TelemetryField.METRIC_DESCRIPTION, TelemetryField.METRIC_UNIT);
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
            if (!STRING_EDITORS.contains(s.editorName()) || !onlyMetricIdentity(s.paths())) {
                return false;
            }
        }
        for (OttlCondition c : group.conditions()) {
            if (!onlyMetricIdentity(c.paths())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A data point group without conditions whose every statement sets one of the point's
     * attributes to a value known before it runs ({@code set(attributes["source"],
     * "opentelemetry")}): every point gets the same edit, whatever it holds.
     */
    public static boolean setsOnlyConstantPointAttributes(ContextStatements group) {
        if (group.context() != OttlContext.DATAPOINT || !group.conditions().isEmpty()) {
            return false;
        }
        for (OttlStatement s : group.statements()) {
            List<Target> paths = s.paths();
            if (!s.setsConstant() || s.hasCondition() || paths.size() != 1
                    || !(paths.get(0) instanceof Paths.AttributeAccess attribute) || attribute.owner() != OttlContext.DATAPOINT) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyMetricIdentity(List<Target> paths) {
        for (Target path : paths) {
            if (!(path instanceof Paths.FieldAccess field) || !METRIC_IDENTITY.contains(field.field())) {
                return false;
            }
        }
        return true;
    }
}

package io.github.otelflink.job.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.processor.ErrorMode;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Run-time failures under each error mode: a failing statement followed by one that works, on three points. */
class ErrorModeTest {

    private static final String FAILING = "set(attributes[\"lower\"], ConvertCase(attributes[\"code\"], \"lower\"))";
    private static final String WORKING = "set(attributes[\"seen\"], true)";

    private final List<String> logged = new ArrayList<>();
    private long nanos;

    private ResourceMetrics.Builder request() {
        return Otlp.resourceMetrics(List.of(), Otlp.gauge("g",
                Otlp.point(1, "code", "OK"), Otlp.point(2, "code", 500L), Otlp.point(3, "code", 404L))).toBuilder();
    }

    private ContextStatements group(ErrorMode mode) {
        return new ContextStatements(OttlContext.DATAPOINT, List.of(),
                List.of(OttlStatement.compile(OttlContext.DATAPOINT, FAILING), OttlStatement.compile(OttlContext.DATAPOINT, WORKING)),
                new FailureHandler(mode, logged::add, () -> nanos));
    }

    private static List<NumberDataPoint> points(ResourceMetrics.Builder rm) {
        return rm.getScopeMetrics(0).getMetrics(0).getGauge().getDataPointsList();
    }

    @Test
    void propagateStopsAtTheFirstFailureWithTheStatementInTheMessage() {
        ContextStatements group = group(ErrorMode.PROPAGATE);
        ResourceMetrics.Builder rm = request();

        assertThatThrownBy(() -> new OttlTransformer(List.of(group)).apply(rm))
                .isInstanceOf(OttlEvaluationException.class)
                .hasMessage("failed to execute statement: " + FAILING + ": ConvertCase: expected string but got int");
        // The first point was fully transformed; the second failed before its second statement.
        assertThat(Otlp.asMap(points(rm).get(0).getAttributesList())).containsEntry("lower", "ok").containsEntry("seen", true);
        assertThat(Otlp.asMap(points(rm).get(1).getAttributesList())).doesNotContainKey("seen");
        assertThat(group.failures()).isEqualTo(1);
    }

    @Test
    void ignoreSkipsTheFailingStatementLogsThrottledAndCarriesOn() {
        ContextStatements group = group(ErrorMode.IGNORE);
        ResourceMetrics.Builder rm = request();

        new OttlTransformer(List.of(group)).apply(rm);

        assertThat(points(rm)).allSatisfy(p -> assertThat(Otlp.asMap(p.getAttributesList())).containsEntry("seen", true));
        assertThat(Otlp.asMap(points(rm).get(0).getAttributesList())).containsEntry("lower", "ok");
        assertThat(group.failures()).isEqualTo(2);
        assertThat(logged).containsExactly(
                "failed to execute statement: " + FAILING + ": ConvertCase: expected string but got int");

        nanos += TimeUnit.SECONDS.toNanos(59);
        new OttlTransformer(List.of(group)).apply(request());
        assertThat(logged).hasSize(1);

        nanos += TimeUnit.SECONDS.toNanos(1);
        new OttlTransformer(List.of(group)).apply(request());
        assertThat(logged).hasSize(2);
        assertThat(logged.get(1)).endsWith("ConvertCase: expected string but got int (3 more failures not logged in the last minute)");
        assertThat(group.failures()).isEqualTo(6);
    }

    @Test
    void silentSkipsWithoutLogging() {
        ContextStatements group = group(ErrorMode.SILENT);
        ResourceMetrics.Builder rm = request();
        OttlTransformer transformer = new OttlTransformer(List.of(group));

        transformer.apply(rm);

        assertThat(points(rm)).allSatisfy(p -> assertThat(Otlp.asMap(p.getAttributesList())).containsEntry("seen", true));
        assertThat(logged).isEmpty();
        assertThat(transformer.failures()).isEqualTo(2);
    }

    @Test
    void groupConditionsSelectItemsAndFollowTheErrorMode() {
        List<OttlCondition> conditions = List.of(
                OttlCondition.compile(OttlContext.DATAPOINT, "Substring(attributes[\"code\"], 0, 1) == \"O\""),
                OttlCondition.compile(OttlContext.DATAPOINT, "attributes[\"code\"] == 404"));
        ContextStatements group = new ContextStatements(OttlContext.DATAPOINT, conditions,
                List.of(OttlStatement.compile(OttlContext.DATAPOINT, WORKING)), new FailureHandler(ErrorMode.SILENT, logged::add, () -> 0));
        ResourceMetrics.Builder rm = request();

        new OttlTransformer(List.of(group)).apply(rm);

        assertThat(points(rm)).extracting(p -> Otlp.asMap(p.getAttributesList()).containsKey("seen"))
                .containsExactly(true, false, true);
        assertThat(group.failures()).isEqualTo(2); // Substring of an int on the two other points
    }

    @Test
    void aGroupRejectsStatementsOfAnotherContext() {
        assertThatThrownBy(() -> new ContextStatements(OttlContext.METRIC, List.of(),
                List.of(OttlStatement.compile(OttlContext.DATAPOINT, WORKING)), ErrorMode.IGNORE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statement '" + WORKING + "' was compiled for the datapoint context, not metric");
    }
}

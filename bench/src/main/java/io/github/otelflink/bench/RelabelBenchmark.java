package io.github.otelflink.bench;

import io.github.otelflink.job.relabel.RelabelAction;
import io.github.otelflink.job.relabel.RelabelRule;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.sink.remotewrite.model.Labels;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's {@code metric_relabels} path: {@link Relabeler#apply} on {@value #SERIES}
 * translated series ({@link BenchSeries}, 8 labels each), reported per series. What it measures
 * is mostly the regular-expression engine behind {@code io.github.otelflink.job.pdata.GoRegex}
 * (com.google.re2j; before it, a translation of RE2 syntax to {@code java.util.regex}), with the
 * anchoring Prometheus uses ({@code ^(?s:regex)$}), and the relabeler's memo of outcomes.
 *
 * <ul>
 *   <li>{@code rules=typical}: the rules of the blueprint's kind: keep by a metric-name
 *       alternation, drop a debug family, a replace with two capture groups into a new label, a
 *       labeldrop by name pattern; most series are kept and get one label more.
 *   <li>{@code rules=keepOnly}: one {@code keep} with a prefix alternation on {@code __name__}:
 *       one full match per series, the cheapest rule with a regex.
 *   <li>{@code rules=labelmap}: a {@code labelmap} whose regex is tried on every label name
 *       (8 matches per series, 2 of them successful, with a group expansion each).
 * </ul>
 *
 * <p>Measured 2026-12-04 on the shared 2-core machine ({@code -wi 8 -w 2 -i 6 -r 2}),
 * {@code cpu.worker} in ns per series (± 99.9% error), load average 13–15 for the first column and
 * 4–7 for the others:
 * <pre>
 * rules     values     java.util.regex   re2j          re2j + MatchMemo
 *                      (old GoRegex)     (no memo)
 * typical   repeating  1628 ±  237       4955 ± 1534    510 ± 103
 * typical   unique           -              -          6106 ± 2089
 * keepOnly  repeating   173 ±   88        982 ±   25    120 ±  63
 * keepOnly  unique           -              -          1372 ± 129
 * labelmap  repeating   629 ±   64       5277 ±  246    188 ±   5
 * labelmap  unique           -              -           252 ±  16
 * </pre>
 * re2j matches 3 to 8 times slower than java.util.regex; the relabeler's memo more than makes up
 * for it where inputs repeat (metric and label names always do), not where every value is new
 * ({@code unique}: the regex runs each time, plus the memo's bookkeeping).
 *
 * <p>Run with {@link Benchmarks} (adds {@link CpuTimeProfiler}; on the shared machine trust
 * {@code cpu.worker}):
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.github.otelflink.bench.Benchmarks RelabelBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(RelabelBenchmark.SERIES)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RelabelBenchmark {
    static final int SERIES = 1000;

    /** The series and the compiled rules. */
    @State(Scope.Thread)
    public static class Input {
        @Param({"typical", "keepOnly", "labelmap"})
        public String rules;

        /**
         * {@code repeating}: {@link BenchSeries} as they are (8 metric names, 125 pods: the
         * relabeler's memo answers after the first series of each); {@code unique}: every
         * {@code __name__} and {@code k8s_pod_name} value different, in a pool of 16 ×
         * {@value #SERIES} series that the invocations go through in turn (more than the memo
         * holds), so each value-matching rule runs the regex (label names still repeat: labelmap is
         * the same in both).
         */
        @Param({"repeating", "unique"})
        public String values;

        Labels[] series;
        /** Where the next invocation starts in {@link #series}. */
        int next;
        Relabeler relabeler;

        @Setup(Level.Trial)
        public void setUp() {
            series = new Labels[values.equals("unique") ? 16 * SERIES : SERIES];
            for (int i = 0; i < series.length; i++) {
                String[] v = BenchSeries.values(i);
                if (values.equals("unique")) {
                    v[0] = v[0] + "_u" + i;  // __name__
                    v[7] = v[7] + "u" + i;   // k8s_pod_name
                }
                series[i] = new Labels(BenchSeries.NAMES.clone(), v);
            }
            relabeler = Relabeler.compile(rules(rules));
            int kept = 0;
            for (Labels labels : series) {
                if (relabeler.apply(labels) != null) {
                    kept++;
                }
            }
            System.out.println("[kept] " + kept + " of " + series.length + " series with rules=" + rules + ", values=" + values);
        }
    }

    static List<RelabelRule> rules(String name) {
        switch (name) {
            case "typical":
                return List.of(
                        RelabelRule.builder().action(RelabelAction.KEEP).sourceLabels("__name__")
                                .regex("http_server_.*|rpc_server_duration_milliseconds_(count|sum)|db_client_.+").build(),
                        RelabelRule.builder().action(RelabelAction.DROP).sourceLabels("__name__", "http_response_status_code")
                                .regex("http_server_active_requests;5\\d\\d").build(),
                        RelabelRule.builder().sourceLabels("k8s_pod_name")
                                .regex("(?P<deployment>[a-z-]+)-([0-9a-f]{9})-[a-z0-9]+")
                                .targetLabel("deployment").replacement("${deployment}").build(),
                        RelabelRule.builder().action(RelabelAction.LABELDROP).regex("deployment_env.*").build());
            case "keepOnly":
                return List.of(RelabelRule.builder().action(RelabelAction.KEEP).sourceLabels("__name__")
                        .regex("(http|rpc)_server_.+").build());
            case "labelmap":
                return List.of(RelabelRule.builder().action(RelabelAction.LABELMAP).regex("k8s_(.+)_name")
                        .replacement("kube_$1").build());
            default:
                throw new IllegalArgumentException("unknown rules " + name);
        }
    }

    @Benchmark
    public void apply(Input in, Blackhole bh) {
        Relabeler relabeler = in.relabeler;
        Labels[] series = in.series;
        int base = in.next;
        for (int i = base; i < base + SERIES; i++) {
            bh.consume(relabeler.apply(series[i]));
        }
        in.next = (base + SERIES) % series.length;
    }
}

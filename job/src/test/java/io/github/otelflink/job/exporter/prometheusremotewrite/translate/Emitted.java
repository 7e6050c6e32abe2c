package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.pdata.GoFloats;
import io.github.otelflink.sink.remotewrite.model.Exemplar;
import io.github.otelflink.sink.remotewrite.model.Histogram;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.MetricMetadata;
import io.github.otelflink.sink.remotewrite.model.StaleNaN;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.validate.SeriesValidator;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A series handed to the consumer, and a canonical one-line text of it for golden comparisons:
 * <pre>
 * name{label="value",...} value @ms [delta] [exemplars=...] [meta=TYPE/family/unit/help]
 * </pre>
 */
record Emitted(TimeSeries series, boolean delta) {

    /** Translates and collects; checks that every label set is sorted, valid and has no empty value. */
    static List<Emitted> translate(TranslationConfig config, ResourceMetrics... resources) {
        OtlpTranslator translator = new OtlpTranslator(config);
        List<Emitted> out = new ArrayList<>();
        for (ResourceMetrics rm : resources) {
            translator.translate(rm, (series, delta) -> out.add(new Emitted(series, delta)));
        }
        for (Emitted e : out) {
            Labels l = e.series().labels();
            assertThat(l.isSorted()).as("sorted %s", l).isTrue();
            assertThat(SeriesValidator.isValidMetricName(l.metricName())).as("metric name %s", l).isTrue();
            for (int i = 0; i < l.size(); i++) {
                assertThat(l.value(i)).as("value of %s in %s", l.name(i), l).isNotEmpty();
                if (!l.name(i).equals(Labels.METRIC_NAME)) {
                    assertThat(SeriesValidator.isValidLabelName(l.name(i))).as("label name %s", l.name(i)).isTrue();
                }
            }
            assertThat(e.series().pointCount()).isEqualTo(1);
        }
        return out;
    }

    static List<String> lines(List<Emitted> emitted) {
        return emitted.stream().map(Emitted::line).collect(Collectors.toList());
    }

    static List<String> translateToLines(TranslationConfig config, ResourceMetrics... resources) {
        return lines(translate(config, resources));
    }

    String line() {
        StringBuilder sb = new StringBuilder();
        sb.append(labelsText(series.labels(), true));
        if (series.sampleCount() == 1) {
            sb.append(' ').append(valueText(series.value(0))).append(" @").append(series.timestamp(0));
        }
        for (int i = 0; i < series.histogramCount(); i++) {
            sb.append(' ').append(histogramText(series.histogram(i)));
        }
        if (delta) {
            sb.append(" delta");
        }
        if (series.exemplarCount() > 0) {
            List<String> ex = new ArrayList<>();
            for (int i = 0; i < series.exemplarCount(); i++) {
                ex.add(exemplarText(series.exemplar(i)));
            }
            sb.append(" exemplars=").append(String.join(";", ex));
        }
        MetricMetadata m = series.metadata();
        if (m != null) {
            sb.append(" meta=").append(m.type()).append('/').append(m.metricFamilyName()).append('/')
                    .append(m.unit()).append('/').append(m.help());
        }
        return sb.toString();
    }

    static String labelsText(Labels labels, boolean nameFirst) {
        StringBuilder sb = new StringBuilder();
        if (nameFirst) {
            sb.append(labels.metricName());
        }
        sb.append('{');
        boolean first = true;
        for (int i = 0; i < labels.size(); i++) {
            if (nameFirst && labels.name(i).equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(labels.name(i)).append("=\"").append(labels.value(i)).append('"');
        }
        return sb.append('}').toString();
    }

    static String valueText(double v) {
        if (StaleNaN.isStaleNaN(v)) {
            return "StaleNaN";
        }
        return GoFloats.formatPlain(v);
    }

    static String exemplarText(Exemplar e) {
        String[] names = new String[e.labelCount()];
        String[] values = new String[e.labelCount()];
        for (int i = 0; i < e.labelCount(); i++) {
            names[i] = e.labelName(i);
            values[i] = e.labelValue(i);
        }
        return labelsText(new Labels(names, values), false) + " " + valueText(e.value()) + " @" + e.timestampMs();
    }

    static String histogramText(Histogram h) {
        StringBuilder sb = new StringBuilder("histogram{");
        if (h.isStaleMarker()) {
            sb.append("sum=StaleNaN schema=").append(h.schema());
            if (h.hasObservations()) {
                sb.append(" HAS-OBSERVATIONS");
            }
            return sb.append("} @").append(h.timestampMs()).toString();
        }
        sb.append(h.isFloat() ? "float" : "int")
                .append(" schema=").append(h.schema())
                .append(" count=").append(h.countInt())
                .append(" sum=").append(valueText(h.sum()))
                .append(" zt=").append(h.zeroThreshold())
                .append(" zc=").append(h.zeroCountInt())
                .append(" pos=").append(spans(h.positiveSpanOffsets(), h.positiveSpanLengths()))
                .append(Arrays.toString(h.positiveDeltas()))
                .append(" neg=").append(spans(h.negativeSpanOffsets(), h.negativeSpanLengths()))
                .append(Arrays.toString(h.negativeDeltas()))
                .append(" reset=").append(h.resetHint());
        return sb.append("} @").append(h.timestampMs()).toString();
    }

    private static String spans(int[] offsets, int[] lengths) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < offsets.length; i++) {
            s.add(offsets[i] + ":" + lengths[i]);
        }
        return s.toString();
    }
}

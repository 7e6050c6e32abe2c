package io.github.otelflink.job.receiver.prometheus;

import io.github.otelflink.job.pipeline.PipelineCompileException;
import io.github.otelflink.job.receiver.ReceiverConfig;
import io.github.otelflink.job.relabel.RelabelRule;
import io.github.otelflink.job.relabel.Relabeler;
import io.github.otelflink.sink.remotewrite.model.Labels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metric_relabel_configs} of a {@code prometheus} receiver's scrape jobs, applied to
 * the translated series of that job (their {@code job} label is the scrape job's name), before the
 * exporter's own {@code metric_relabels}, as Prometheus applies them before ingestion. Public:
 * the pipeline's translate step applies them.
 */
public final class ScrapeRelabels implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final ScrapeRelabels NONE = new ScrapeRelabels(Map.of());

    private final Map<String, Relabeler> byJob;

    private ScrapeRelabels(Map<String, Relabeler> byJob) {
        this.byJob = byJob;
    }

    /** The rules of the receiver's scrape jobs; throws with config paths when one is invalid. */
    public static ScrapeRelabels of(ReceiverConfig receiver) {
        if (!(receiver instanceof PrometheusReceiverConfig prometheus)) {
            return NONE;
        }
        Map<String, Relabeler> byJob = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int s = 0; s < prometheus.scrapeConfigs().size(); s++) {
            PrometheusReceiverConfig.ScrapeConfig sc = prometheus.scrapeConfigs().get(s);
            List<RelabelRule> rules = new ArrayList<>();
            for (int i = 0; i < sc.metricRelabelConfigs().size(); i++) {
                try {
                    rules.add(RelabelRule.fromConfig(sc.metricRelabelConfigs().get(i)));
                } catch (IllegalArgumentException e) {
                    problems.add("receivers." + receiver.id() + ".config.scrape_configs[" + s
                            + "].metric_relabel_configs[" + i + "]." + e.getMessage());
                }
            }
            if (!rules.isEmpty()) {
                byJob.put(sc.jobName(), Relabeler.compile(rules));
            }
        }
        if (!problems.isEmpty()) {
            throw new PipelineCompileException(problems);
        }
        return byJob.isEmpty() ? NONE : new ScrapeRelabels(byJob);
    }

    public boolean isEmpty() {
        return byJob.isEmpty();
    }

    /** The relabeled labels, the same instance when no rule applies, or null when dropped. */
    public Labels apply(Labels labels) {
        String job = labels.get("job");
        Relabeler r = job == null ? null : byJob.get(job);
        return r == null ? labels : r.apply(labels);
    }
}

package io.github.otelflink.job.receiver.prometheus;

import io.github.otelflink.connectors.OtlpMetricsTypeInfo;
import io.github.otelflink.connectors.scrape.ScrapeOptions;
import io.github.otelflink.connectors.scrape.ScrapeSource;
import io.github.otelflink.connectors.scrape.ScrapeTarget;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code prometheus} receiver on the connectors' scrape source. Its {@code
 * metric_relabel_configs} are applied after translation ({@link ScrapeRelabels}).
 */
public final class PrometheusReceiverSource {

    private PrometheusReceiverSource() {}

    /**
     * The receiver's stream. The scrape source stamps arrival times and emits its watermarks from
     * the reader ({@code ArrivalClock}), so the strategy here adds none.
     */
    public static DataStream<ExportMetricsServiceRequest> create(StreamExecutionEnvironment env, PrometheusReceiverConfig c) {
        return env.fromSource(new ScrapeSource(options(c)), WatermarkStrategy.noWatermarks(),
                        c.id().toString(), OtlpMetricsTypeInfo.INSTANCE)
                .uid("receiver/" + c.id());
    }

    /** The static targets of the receiver's scrape jobs. */
    static ScrapeOptions options(PrometheusReceiverConfig c) {
        List<ScrapeTarget> targets = new ArrayList<>();
        for (PrometheusReceiverConfig.ScrapeConfig sc : c.scrapeConfigs()) {
            for (PrometheusReceiverConfig.StaticConfig st : sc.staticConfigs()) {
                for (String target : st.targets()) {
                    targets.add(new ScrapeTarget(sc.jobName(), URI.create(sc.scheme() + "://" + target + sc.metricsPath()),
                            sc.scrapeInterval(), sc.scrapeTimeout(), sc.honorLabels(), st.labels()));
                }
            }
        }
        return new ScrapeOptions(targets);
    }
}

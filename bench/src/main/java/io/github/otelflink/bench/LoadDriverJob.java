package io.github.otelflink.bench;

import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSink;
import io.github.otelflink.sink.remotewrite.PrometheusRemoteWriteSinkBuilder;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesTypeInfo;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Map;

/**
 * One {@link LoadDriver} job: the generator source and the real sink built into a job graph, run to
 * its end on the MiniCluster, and what it cost ({@link Run}: wall and CPU time, GC, the sink's
 * counters, CPU by thread).
 */
final class LoadDriverJob {
    private static final long MINUTE_MS = 60_000;

    private LoadDriverJob() {}

    /** What one job cost. */
    record Run(double wallSeconds, double activeSeconds, double cpuSeconds, double activeCpuSeconds,
            long gcCount, double gcSeconds,
            Map<String, Long> counters, Map<String, Double> threadCpu) {
        double jitSeconds() {
            return threadCpu.getOrDefault(ThreadCpuSampler.JIT_GROUP, 0.0);
        }
    }

    static Run execute(LoadDriverOptions o, MiniCluster miniCluster, URI endpoint, TlsOptions tls,
            int samplesPerSeries, int samplesPerRecord, String jobName) throws Exception {
        int series = o.series;
        int parallelism = o.parallelism;
        RemoteWriteProtocol protocol = o.protocol;
        boolean shuffle = o.shuffle;
        int maxSamplesPerSend = o.maxSamplesPerSend;
        long checkpointIntervalMs = o.checkpointIntervalMs;
        // Recent enough for Prometheus's head (it accepts about the last hour): samples span at most
        // 40 minutes, ending 10 minutes ago. Strictly increasing per series.
        long stepMs = Math.max(1, Math.min(15_000, 40 * MINUTE_MS / samplesPerSeries));
        long baseMs = (System.currentTimeMillis() - 50 * MINUTE_MS) / 1000 * 1000;
        long records = SeriesRecords.recordCount(series, samplesPerSeries, samplesPerRecord);

        PrometheusRemoteWriteSinkBuilder sink = PrometheusRemoteWriteSink.builder()
                .endpoint(endpoint)
                .protocol(protocol)
                .maxSamplesPerSend(maxSamplesPerSend)
                .partitionBySeries(shuffle);
        if (tls != null) {
            sink.tls(tls);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        if (checkpointIntervalMs > 0) {
            env.enableCheckpointing(checkpointIntervalMs);
        }
        env.fromSource(
                        new DataGeneratorSource<>(
                                new SeriesRecords(series, samplesPerSeries, samplesPerRecord, baseMs, stepMs),
                                records,
                                TimeSeriesTypeInfo.INSTANCE),
                        WatermarkStrategy.noWatermarks(),
                        "series-generator")
                .sinkTo(sink.build())
                .name("remote-write");
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        JobGraph job = graph.getJobGraph();

        SinkCounters.clear();
        SeriesRecords.FIRST_RECORD_NANOS.set(0);
        SeriesRecords.FIRST_RECORD_CPU_NANOS.set(0);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcCountBefore = gcCount();
        long gcMillisBefore = gcMillis();
        ThreadCpuSampler sampler = new ThreadCpuSampler();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        miniCluster.executeJobBlocking(job);
        long end = System.nanoTime();
        long cpuAfter = os.getProcessCpuTime();
        Map<String, Double> threadCpu = sampler.stop();
        long first = SeriesRecords.FIRST_RECORD_NANOS.get();
        long firstCpu = SeriesRecords.FIRST_RECORD_CPU_NANOS.get();
        return new Run(
                (end - start) / 1e9,
                (end - (first == 0 ? start : first)) / 1e9,
                (cpuAfter - cpuBefore) / 1e9,
                (cpuAfter - (firstCpu == 0 ? cpuBefore : firstCpu)) / 1e9,
                gcCount() - gcCountBefore,
                (gcMillis() - gcMillisBefore) / 1e3,
                SinkCounters.totals(),
                threadCpu);
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}

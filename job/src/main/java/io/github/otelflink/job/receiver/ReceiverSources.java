package io.github.otelflink.job.receiver;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Creates the source stream of a configured receiver; tests plug in their own. */
@FunctionalInterface
public interface ReceiverSources {
    /** The receiver's stream. */
    DataStream<ExportMetricsServiceRequest> create(StreamExecutionEnvironment env, ReceiverConfig receiver);
}

package io.github.otelflink.sink.remotewrite.model;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Objects;

/**
 * Type, help and unit of a metric family. Sent in {@code WriteRequest.metadata} (remote write 1.0)
 * or per series (2.0).
 */
@PublicEvolving
public record MetricMetadata(MetricType type, String metricFamilyName, String help, String unit)
        implements Serializable {

    public MetricMetadata {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(metricFamilyName, "metricFamilyName");
        help = help == null ? "" : help;
        unit = unit == null ? "" : unit;
    }
}

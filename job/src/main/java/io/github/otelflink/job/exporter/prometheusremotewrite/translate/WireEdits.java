package io.github.otelflink.job.exporter.prometheusremotewrite.translate;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;

/**
 * A pipeline's processors in the form the wire translator applies while it reads a request's
 * bytes, so that the request is not decoded to be processed: each resource edited as a whole, each
 * metric's name, description and unit, and the same attributes set on every data point. Only
 * processors whose effect has this form are given to it; the result is the series translating the
 * processed request would give.
 */
public interface WireEdits {
    /** The most attributes {@link #pointAttributes()} may hold (the translator marks them in a long). */
    int MAX_POINT_ATTRIBUTES = Long.SIZE;

    /** The resource after the processors. */
    Resource resource(Resource resource);

    /**
     * Edits a metric's identity in place: {@code identity} holds its name, description and unit,
     * and holds them after the processors on return.
     */
    void metric(String[] identity);

    /**
     * The attributes every data point gets, in order: each replaces the point's first attribute
     * of its key, or is added after the point's own ({@code set(attributes["k"], v)}).
     */
    List<KeyValue> pointAttributes();
}

package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/** The sink's input already is its request entry; validation happens in the writer. */
@Internal
public final class IdentityElementConverter implements ElementConverter<TimeSeries, TimeSeries> {
    private static final long serialVersionUID = 1L;

    @Override
    public TimeSeries apply(TimeSeries element, SinkWriter.Context context) {
        return element;
    }
}

package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.model.TimeSeriesCodec;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Serializes the writer's buffered series into checkpoints with the project's own codec. */
@Internal
public final class TimeSeriesStateSerializer extends AsyncSinkWriterStateSerializer<TimeSeries> {
    @Override
    protected void serializeRequestToStream(TimeSeries request, DataOutputStream out) throws IOException {
        TimeSeriesCodec.write(request, out);
    }

    @Override
    protected TimeSeries deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        return TimeSeriesCodec.read(in);
    }

    @Override
    public int getVersion() {
        return TimeSeriesCodec.VERSION;
    }
}

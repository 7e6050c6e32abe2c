package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteClient;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.proto.Remote;
import io.github.otelflink.sink.remotewrite.proto.Types;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A fake {@link RemoteWriteClient} that answers from a function and records every request
 * (decoded), for delivery tests that must not touch the network.
 */
final class ScriptedClient implements RemoteWriteClient {
    /** A recorded request: its protocol and (for 1.0) the decoded message. */
    record Sent(RemoteWriteProtocol protocol, Remote.WriteRequest request) {
        int samples() {
            int n = 0;
            for (Types.TimeSeries ts : request.getTimeseriesList()) {
                n += ts.getSamplesCount();
            }
            return n;
        }
    }

    private final Function<Sent, Object> answer;
    final List<Sent> sent = new ArrayList<>();

    /** {@code answer} returns a {@link RemoteWriteResponse} or a {@link Throwable} (transport error). */
    ScriptedClient(Function<Sent, Object> answer) {
        this.answer = answer;
    }

    static RemoteWriteResponse status(int status) {
        return new RemoteWriteResponse(status, Map.of(), "");
    }

    static RemoteWriteResponse status(int status, String body) {
        return new RemoteWriteResponse(status, Map.of(), body);
    }

    @Override
    public CompletableFuture<RemoteWriteResponse> send(
            EncodedRequest request, RemoteWriteProtocol protocol, Map<String, String> requestHeaders) {
        Remote.WriteRequest decoded = null;
        if (protocol == RemoteWriteProtocol.V1) {
            try {
                decoded = Remote.WriteRequest.parseFrom(Snappy.uncompress(request.body()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Sent s = new Sent(protocol, decoded);
        sent.add(s);
        Object a = answer.apply(s);
        if (a instanceof Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
        return CompletableFuture.completedFuture((RemoteWriteResponse) a);
    }

    @Override
    public void close() {}
}

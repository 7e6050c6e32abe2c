package io.github.otelflink.testing;

import io.github.otelflink.testing.FaultInjectingReceiver.RecordedRequest;
import io.github.otelflink.testing.FaultInjectingReceiver.Response;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Queue;
import java.util.function.Function;
import javax.annotation.Nullable;

/** The scripted fault plan of a {@link FaultInjectingReceiver}: queued answers, then a responder, then a default. */
final class FaultScript {

    private final Queue<Response> script = new ArrayDeque<>();
    @Nullable private volatile Function<RecordedRequest, Response> responder;
    private volatile Response defaultResponse = Response.status(204);

    void enqueue(Response... responses) {
        synchronized (script) {
            Collections.addAll(script, responses);
        }
    }

    void respondWith(@Nullable Function<RecordedRequest, Response> responder) {
        this.responder = responder;
    }

    void defaultResponse(Response response) {
        this.defaultResponse = response;
    }

    /** The answer for {@code request}: the next queued one, else the responder's, else the default. */
    Response choose(RecordedRequest request) {
        synchronized (script) {
            Response scripted = script.poll();
            if (scripted != null) {
                return scripted;
            }
        }
        Function<RecordedRequest, Response> current = responder;
        if (current == null) {
            return defaultResponse;
        }
        try {
            return current.apply(request);
        } catch (RuntimeException e) {
            // A broken responder must show up in the test, not as a hung client.
            return Response.status(500).body("responder failed: " + e);
        }
    }
}

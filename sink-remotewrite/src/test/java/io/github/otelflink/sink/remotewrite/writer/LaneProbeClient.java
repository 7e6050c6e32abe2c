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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A fake {@link RemoteWriteClient} for the lane tests. It tracks the requests in flight (sent, not
 * yet answered) and records a violation whenever more than {@code maxInFlight} are in flight or
 * two in flight share a series; it records the samples of every accepted (2xx) request per series
 * (the {@code series} label, after {@code <tenant>/} when the request carries a tenant header). Answers come from a function: a response (answered at once, on a
 * pool thread, so lanes really run concurrently), or {@link #HOLD} (answered by the test with
 * {@link #releaseOldest}).
 */
final class LaneProbeClient implements RemoteWriteClient {
    static final Object HOLD = new Object();

    /**
     * One request as the fake saw it: the {@code series} labels of its series, the per-request
     * headers it carried (the tenant) and every label name any of its series had.
     */
    record Request(int index, Set<String> series, Map<String, String> headers, Set<String> labelNames) {}

    private final int maxInFlight;
    private final Function<Request, Object> answer;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-receiver");
        t.setDaemon(true);
        return t;
    });
    private final Map<Request, CompletableFuture<RemoteWriteResponse>> held = new java.util.LinkedHashMap<>();
    private final List<Request> inFlight = new ArrayList<>();
    private final Map<String, List<Long>> accepted = new HashMap<>();
    final List<String> violations = new ArrayList<>();
    private final Map<String, Integer> failuresBySeries = new HashMap<>();
    private final List<Request> sentRequests = new ArrayList<>();
    private int requests;
    private int maxObservedInFlight;

    LaneProbeClient(int maxInFlight, Function<Request, Object> answer) {
        this.maxInFlight = maxInFlight;
        this.answer = answer;
    }

    @Override
    public CompletableFuture<RemoteWriteResponse> send(
            EncodedRequest encoded, RemoteWriteProtocol protocol, Map<String, String> requestHeaders) {
        Remote.WriteRequest decoded;
        try {
            decoded = Remote.WriteRequest.parseFrom(Snappy.uncompress(encoded.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<Long>> samples = new HashMap<>();
        Set<String> labelNames = new LinkedHashSet<>();
        for (Types.TimeSeries ts : decoded.getTimeseriesList()) {
            ts.getLabelsList().forEach(l -> labelNames.add(l.getName()));
            // With tenant routing a series is its tenant's: the same labels in two tenants are two series.
            String tenantPrefix = requestHeaders.isEmpty() ? "" : String.join(",", requestHeaders.values()) + "/";
            String series = tenantPrefix + ts.getLabelsList().stream().filter(l -> l.getName().equals("series"))
                    .findFirst().orElseThrow().getValue();
            List<Long> list = samples.computeIfAbsent(series, k -> new ArrayList<>());
            ts.getSamplesList().forEach(s -> list.add(s.getTimestamp()));
        }
        Request request;
        Object a;
        synchronized (this) {
            request = new Request(requests++, new LinkedHashSet<>(samples.keySet()), Map.copyOf(requestHeaders),
                    labelNames);
            sentRequests.add(request);
            for (Request other : inFlight) {
                for (String s : request.series()) {
                    if (other.series().contains(s)) {
                        violations.add("request " + request.index() + " and request " + other.index()
                                + " in flight at once, both with series " + s);
                    }
                }
            }
            inFlight.add(request);
            maxObservedInFlight = Math.max(maxObservedInFlight, inFlight.size());
            if (inFlight.size() > maxInFlight) {
                violations.add(inFlight.size() + " requests in flight: " + inFlight);
            }
            a = answer.apply(request);
            if (a == HOLD) {
                CompletableFuture<RemoteWriteResponse> f = new CompletableFuture<>();
                held.put(request, f);
                return f;
            }
        }
        RemoteWriteResponse response = (RemoteWriteResponse) a;
        return CompletableFuture.supplyAsync(() -> {
            answered(request, samples, response);
            return response;
        }, pool);
    }

    /** Out of flight first, then answered: the sender may send again as soon as it sees the answer. */
    private synchronized void answered(Request request, Map<String, List<Long>> samples, RemoteWriteResponse response) {
        inFlight.remove(request);
        if (response.status() / 100 == 2) {
            samples.forEach((series, ts) -> accepted.computeIfAbsent(series, k -> new ArrayList<>()).addAll(ts));
        } else {
            request.series().forEach(s -> failuresBySeries.merge(s, 1, Integer::sum));
        }
    }

    /** Every request sent so far, in order. */
    synchronized List<Request> sent() {
        return List.copyOf(sentRequests);
    }

    synchronized int heldCount() {
        return held.size();
    }

    /** Answers the oldest held request with a 204 on the calling thread. */
    void releaseOldest() {
        Request r;
        CompletableFuture<RemoteWriteResponse> f;
        synchronized (this) {
            var it = held.entrySet().iterator();
            var e = it.next();
            it.remove();
            r = e.getKey();
            f = e.getValue();
            inFlight.remove(r);
        }
        // Held requests are only used where the accepted samples are not checked.
        f.complete(new RemoteWriteResponse(204, Map.of(), ""));
    }

    synchronized Map<String, List<Long>> accepted() {
        Map<String, List<Long>> copy = new HashMap<>();
        accepted.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    synchronized int failures(String series) {
        return failuresBySeries.getOrDefault(series, 0);
    }

    synchronized int maxObservedInFlight() {
        return maxObservedInFlight;
    }

    synchronized int requestCount() {
        return requests;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

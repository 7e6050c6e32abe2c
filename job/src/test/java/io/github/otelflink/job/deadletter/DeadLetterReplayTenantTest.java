package io.github.otelflink.job.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetter;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterOutput;
import io.github.otelflink.sink.remotewrite.deadletter.DeadLetterTarget;
import io.github.otelflink.sink.remotewrite.encode.EncodedRequest;
import io.github.otelflink.sink.remotewrite.encode.RemoteWriteProtocol;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteClient;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteResponse;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.proto.Remote;
import io.github.otelflink.sink.remotewrite.proto.Types;
import io.github.otelflink.sink.remotewrite.validate.DropReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Dead letters of an exporter with tenant routing go back to their own tenant: one tenant per
 * request, in the routing header, and without the routing label (as the sink sends them).
 */
class DeadLetterReplayTenantTest {
    private static final String LABEL = TenantRouting.DEFAULT_LABEL;

    /** A request as sent: its tenant header and the names of its series' label sets. */
    private record Sent(Map<String, String> headers, List<String> series) {}

    @Test
    void eachLetterGoesToItsOwnTenantWithoutTheRoutingLabel(@TempDir Path dir) throws Exception {
        try (DeadLetterOutput output = DeadLetterTarget.directory(dir.toString(), 1 << 20).open(0, 0)) {
            output.write(letter("a1", "team-a"));
            output.write(letter("a2", "team-a"));
            output.write(letter("b1", "team-b"));
            output.write(letter("d1", null));
            output.write(letter("a3", "team-a"));
        }
        List<Sent> sent = new ArrayList<>();
        RemoteWriteClient client = new RemoteWriteClient() {
            @Override
            public CompletableFuture<RemoteWriteResponse> send(
                    EncodedRequest request, RemoteWriteProtocol protocol, Map<String, String> requestHeaders) {
                try {
                    Remote.WriteRequest w = Remote.WriteRequest.parseFrom(Snappy.uncompress(request.body()));
                    List<String> series = new ArrayList<>();
                    for (Types.TimeSeries ts : w.getTimeseriesList()) {
                        StringBuilder sb = new StringBuilder();
                        for (Types.Label l : ts.getLabelsList()) {
                            sb.append(l.getName()).append('=').append(l.getValue()).append(';');
                        }
                        series.add(sb.toString());
                    }
                    sent.add(new Sent(Map.copyOf(requestHeaders), series));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return CompletableFuture.completedFuture(new RemoteWriteResponse(204, Map.of(), ""));
            }

            @Override
            public void close() {}
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TenantRouting routing = new TenantRouting(LABEL, "X-Scope-OrgID", "anonymous", 10);
        int code = new DeadLetterReplay(client, new PrintStream(printed, true, StandardCharsets.UTF_8), routing)
                .replay(dir);

        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(sent).extracting(Sent::headers).containsExactly(
                Map.of("X-Scope-OrgID", "team-a"), Map.of("X-Scope-OrgID", "team-b"),
                Map.of("X-Scope-OrgID", "anonymous"), Map.of("X-Scope-OrgID", "team-a"));
        assertThat(sent.get(0).series()).containsExactly("__name__=a1;job=j;", "__name__=a2;job=j;");
        assertThat(sent.get(1).series()).containsExactly("__name__=b1;job=j;");
        assertThat(sent.get(2).series()).containsExactly("__name__=d1;job=j;");
        assertThat(sent.get(3).series()).containsExactly("__name__=a3;job=j;");
    }

    private static DeadLetter letter(String name, String tenant) {
        Labels labels = tenant == null
                ? Labels.of("__name__", name, "job", "j")
                : Labels.of("__name__", name, LABEL, tenant, "job", "j");
        return new DeadLetter(TimeSeries.ofSample(labels, 1000, 1), DropReason.RETRIES_EXHAUSTED, 503, "down", 0);
    }
}

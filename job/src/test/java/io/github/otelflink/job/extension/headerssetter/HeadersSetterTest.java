package io.github.otelflink.job.extension.headerssetter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.extension.headerssetter.HeaderAction.Action;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The four actions on a request's headers, in order, names compared case-insensitively. */
class HeadersSetterTest {

    private static Map<String, String> apply(List<HeaderAction> actions, Map<String, String> before) {
        Map<String, String> headers = new LinkedHashMap<>(before);
        new HeadersSetter(actions).sign("POST", URI.create("http://127.0.0.1/api/v1/write"), headers, new byte[0]);
        return headers;
    }

    @Test
    void insertSetsOnlyWhatIsAbsent() {
        assertThat(apply(List.of(new HeaderAction("x-a", Action.INSERT, "new"), new HeaderAction("X-B", Action.INSERT, "b")),
                Map.of("X-A", "old"))).containsExactlyInAnyOrderEntriesOf(Map.of("X-A", "old", "X-B", "b"));
    }

    @Test
    void updateChangesOnlyWhatIsPresentUnderItsOwnName() {
        assertThat(apply(List.of(new HeaderAction("x-a", Action.UPDATE, "new"), new HeaderAction("X-B", Action.UPDATE, "b")),
                Map.of("X-A", "old"))).containsExactlyInAnyOrderEntriesOf(Map.of("X-A", "new"));
    }

    @Test
    void upsertSetsEitherWayWithoutLeavingTheOldSpelling() {
        assertThat(apply(List.of(new HeaderAction("x-a", Action.UPSERT, "new"), new HeaderAction("X-B", Action.UPSERT, "b")),
                Map.of("X-A", "old"))).containsExactlyInAnyOrderEntriesOf(Map.of("x-a", "new", "X-B", "b"));
    }

    @Test
    void deleteRemovesInAnyCaseAndLaterEntriesSeeEarlierOnes() {
        assertThat(apply(List.of(new HeaderAction("x-a", Action.DELETE, null),
                        new HeaderAction("X-C", Action.UPSERT, "c"), new HeaderAction("X-C", Action.UPDATE, "c2")),
                Map.of("X-A", "old", "X-Keep", "k"))).containsExactlyInAnyOrderEntriesOf(Map.of("X-Keep", "k", "X-C", "c2"));
    }

    @Test
    void neverPrintsValues() {
        assertThat(new HeadersSetter(List.of(new HeaderAction("X-Api-Key", Action.UPSERT, "hunter2"))))
                .asString().contains("X-Api-Key").doesNotContain("hunter2");
    }
}

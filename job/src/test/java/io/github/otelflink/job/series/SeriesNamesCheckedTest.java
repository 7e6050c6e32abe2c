package io.github.otelflink.job.series;

import static io.github.otelflink.job.series.SeriesStateTesting.batch;
import static io.github.otelflink.job.series.SeriesStateTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.testing.CloseAfterEach;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The keyed step checks a series' names the first time it sends the series and remembers the
 * answer in its series table, marking the labels of every later send as checked, so the sink's
 * validator skips them; names that fail are never marked, and a map-entry layout (RocksDB),
 * which cannot remember, marks nothing.
 */
class SeriesNamesCheckedTest {
    private static final long WINDOW = 200;

    @RegisterExtension
    final CloseAfterEach harnesses = new CloseAfterEach();

    private KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> opened(String backend)
            throws Exception {
        var h = SeriesStateTesting.harness(backend, WINDOW);
        harnesses.add(h);
        h.open();
        return h;
    }

    /** Whether the series sent in each of {@code rounds} requests, a fresh instance of {@code pairs} each time, came out marked. */
    private static List<Boolean> marksOverRounds(KeyedOneInputStreamOperatorTestHarness<Integer, SeriesBatch, TimeSeries> h,
            int rounds, String... pairs) throws Exception {
        List<Boolean> marks = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // A fresh instance each time, as after the network shuffle: nothing carried over by identity.
            Labels labels = Labels.of(pairs);
            long arrival = 1_000L * (r + 1);
            send(h, batch(arrival, labels, false, arrival, r));
            h.processWatermark(arrival + WINDOW + SeriesStateFunction.EMIT_TICK_MS);
            List<TimeSeries> out = h.extractOutputValues();
            assertThat(out).hasSize(r + 1);
            marks.add(out.get(r).labels().namesChecked());
        }
        return marks;
    }

    @Test
    void validNamesAreMarkedAtEverySendAfterOneCheck() throws Exception {
        var h = opened("hashmap");
        assertThat(marksOverRounds(h, 3, "__name__", "temperature", "room", "a")).containsExactly(true, true, true);
    }

    @Test
    void namesThatFailAnyCheckAreNeverMarked() throws Exception {
        var h = opened("hashmap");
        assertThat(marksOverRounds(h, 2, "__name__", "temperature", "room-number", "a")).as("a dash").containsOnly(false);
        assertThat(marksOverRounds(opened("hashmap"), 2, "room", "a", "__name__", "temperature")).as("unsorted")
                .containsOnly(false);
        assertThat(marksOverRounds(opened("hashmap"), 2, "__name__", "temperature", "room", "")).as("an empty value")
                .containsOnly(false);
        assertThat(marksOverRounds(opened("hashmap"), 2, "__name__", "1temperature", "room", "a"))
                .as("a metric name starting with a digit").containsOnly(false);
        assertThat(marksOverRounds(opened("hashmap"), 2, "room", "a")).as("no metric name").containsOnly(false);
    }

    @Test
    void aMapEntryPerSeriesCannotRememberAndMarksNothing() throws Exception {
        var h = opened("rocksdb");
        assertThat(marksOverRounds(h, 2, "__name__", "temperature", "room", "a")).containsOnly(false);
    }
}

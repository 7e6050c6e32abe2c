package io.github.otelflink.sink.remotewrite.encode;

import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the records of one series within a batch into one {@code TimeSeries} message, so its
 * labels go on the wire once per request (as the Collector's batch processor groups points).
 * Points keep their order; the series sits where it first appeared.
 */
final class SeriesMerger {
    private SeriesMerger() {}

    static List<TimeSeries> merge(List<TimeSeries> batch) {
        if (batch.size() < 2) {
            return batch;
        }
        int[] groupOf = null;
        // Where each series first appeared, by fingerprint: open addressing over primitive arrays.
        // A HashMap<Labels, Integer> here (a node and often a boxed index per record) was 5% of the
        // writer threads' samples (JFR); equal fingerprints are confirmed by comparing the labels.
        int mask = Integer.highestOneBit(batch.size() * 2 - 1) * 2 - 1;
        long[] fingerprints = new long[mask + 1];
        int[] firstPlusOne = new int[mask + 1];
        for (int i = 0; i < batch.size(); i++) {
            Labels labels = batch.get(i).labels();
            long f = labels.fingerprint();
            int slot = (int) ((f * 0x9e3779b97f4a7c15L) >>> 33) & mask;
            int g = -1;
            while (firstPlusOne[slot] != 0) {
                int j = firstPlusOne[slot] - 1;
                if (fingerprints[slot] == f && batch.get(j).labels().equals(labels)) {
                    g = j;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (g < 0) {
                fingerprints[slot] = f;
                firstPlusOne[slot] = i + 1;
                if (groupOf != null) {
                    groupOf[i] = i;
                }
                continue;
            }
            if (groupOf == null) {
                groupOf = new int[batch.size()];
                for (int j = 0; j < i; j++) {
                    groupOf[j] = j;
                }
            }
            groupOf[i] = g;
        }
        if (groupOf == null) {
            return batch;
        }
        Map<Integer, List<TimeSeries>> groups = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            groups.computeIfAbsent(groupOf[i], k -> new ArrayList<>(2)).add(batch.get(i));
        }
        List<TimeSeries> merged = new ArrayList<>(groups.size());
        for (int i = 0; i < batch.size(); i++) {
            if (groupOf[i] == i) {
                List<TimeSeries> parts = groups.get(i);
                merged.add(parts.size() == 1 ? parts.get(0) : TimeSeries.concat(parts));
            }
        }
        return merged;
    }
}

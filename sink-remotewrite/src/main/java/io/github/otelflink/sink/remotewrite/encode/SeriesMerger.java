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
        Map<Labels, Integer> first = new HashMap<>(batch.size() * 2);
        int[] groupOf = null;
        for (int i = 0; i < batch.size(); i++) {
            Integer g = first.putIfAbsent(batch.get(i).labels(), i);
            if (g != null) {
                if (groupOf == null) {
                    groupOf = new int[batch.size()];
                    for (int j = 0; j < i; j++) {
                        groupOf[j] = j;
                    }
                }
                groupOf[i] = g;
            } else if (groupOf != null) {
                groupOf[i] = i;
            }
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

package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.TenantRouting;
import io.github.otelflink.sink.remotewrite.model.Labels;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenants one sink writer sends for, each with a slot number (its lanes) and the header its
 * requests carry. A series' tenant is read from its routing label's encoded bytes and looked up
 * by those bytes, so no string is decoded or allocated per series; the last series' labels and
 * slot are remembered, because the writer asks twice for each record (admission, then the
 * buffer's lane). Slot 0 is the default tenant. Used on the task thread only.
 */
final class TenantTable {
    /** {@link #admit}: the series' tenant would exceed {@code maxTenants}. */
    static final int OVER_LIMIT = -1;
    /** {@link #admit}: the series' tenant cannot be a header value. */
    static final int INVALID = -2;

    private final byte[] labelName;
    private final String header;
    private final int maxTenants;
    private final Map<Key, Integer> slots = new HashMap<>();
    private final List<String> tenants = new ArrayList<>();
    private final List<Map<String, String>> headers = new ArrayList<>();
    private final Key probe = new Key(null, 0, 0);
    private Labels lastLabels;
    private int lastSlot;

    TenantTable(TenantRouting routing) {
        this.labelName = routing.label().getBytes(StandardCharsets.UTF_8);
        this.header = routing.header();
        this.maxTenants = routing.maxTenants();
        byte[] d = routing.defaultTenant().getBytes(StandardCharsets.UTF_8);
        register(new Key(d, 0, d.length), routing.defaultTenant());
    }

    /**
     * The slot of the series' tenant, registering a new tenant if there is room; {@link
     * #OVER_LIMIT} or {@link #INVALID} when it cannot be sent for.
     */
    int admit(Labels labels) {
        return slot(labels, false);
    }

    /**
     * The slot of the series' tenant, registering it even beyond {@code maxTenants}: for entries
     * that are already in the buffer (restored state), which must be sent, not dropped.
     */
    int slotOf(Labels labels) {
        int slot = slot(labels, true);
        if (slot < 0) {
            throw new IllegalStateException("series " + labels + " has a tenant that cannot be sent for");
        }
        return slot;
    }

    private int slot(Labels labels, boolean force) {
        if (labels == lastLabels) {
            return lastSlot;
        }
        long field = labels.encodedFieldRange(labelName);
        int slot;
        if (field < 0) {
            slot = 0;
        } else {
            long value = labels.encodedValueRange(field);
            byte[] encoded = labels.encodedV1();
            probe.set(encoded, (int) (value >>> 32), (int) value);
            Integer known = slots.get(probe);
            if (known != null) {
                slot = known;
            } else {
                String tenant = new String(encoded, (int) (value >>> 32), (int) value, StandardCharsets.UTF_8);
                if (!TenantRouting.isValidTenant(tenant)) {
                    slot = INVALID;
                } else if (tenants.size() >= maxTenants && !force) {
                    slot = OVER_LIMIT;
                } else {
                    slot = register(probe.copy(), tenant);
                }
            }
        }
        if (slot >= 0) {
            lastLabels = labels;
            lastSlot = slot;
        }
        return slot;
    }

    private int register(Key key, String tenant) {
        int slot = tenants.size();
        slots.put(key, slot);
        tenants.add(tenant);
        headers.add(Map.of(header, tenant));
        return slot;
    }

    /** The tenant of a slot. */
    String tenant(int slot) {
        return tenants.get(slot);
    }

    /** The header that names the tenant of a slot, for every request of its lanes. */
    Map<String, String> headers(int slot) {
        return headers.get(slot);
    }

    /** Tenants registered so far (the default tenant included). */
    int size() {
        return tenants.size();
    }

    /** A byte range as a map key; the probe instance is reused, stored keys own their bytes. */
    private static final class Key {
        private byte[] bytes;
        private int from;
        private int length;
        private int hash;

        Key(byte[] bytes, int from, int length) {
            if (bytes != null) {
                set(bytes, from, length);
            }
        }

        void set(byte[] bytes, int from, int length) {
            this.bytes = bytes;
            this.from = from;
            this.length = length;
            int h = 1;
            for (int i = from; i < from + length; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        Key copy() {
            byte[] own = Arrays.copyOfRange(bytes, from, from + length);
            return new Key(own, 0, own.length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.length == length
                    && Arrays.equals(bytes, from, from + length, k.bytes, k.from, k.from + k.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

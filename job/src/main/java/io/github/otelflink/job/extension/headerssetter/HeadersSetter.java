package io.github.otelflink.job.extension.headerssetter;

import io.github.otelflink.sink.remotewrite.http.RequestSigner;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code headers_setter}'s actions to each request of the remote-write sink, in order, with
 * header names compared case-insensitively (as HTTP does). It runs as the sink's request signer,
 * after the exporter's headers and the protocol's are set; the parser refuses keys the protocol
 * sets, and the loader keys the exporter's {@code headers} also set. An entry {@code from_context}
 * is skipped here: its header is the exporter's tenant header, which the sink sets per request from
 * the tenant lanes (the loader turns the entry into the exporter's tenant routing).
 */
public final class HeadersSetter implements RequestSigner {
    private static final long serialVersionUID = 1L;

    private final List<HeaderAction> actions;

    /** Applies {@code actions} in order. */
    public HeadersSetter(List<HeaderAction> actions) {
        this.actions = List.copyOf(actions);
    }

    @Override
    public void sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        for (HeaderAction action : actions) {
            if (action.fromContext() != null) {
                continue;
            }
            String present = find(headers, action.key());
            switch (action.action()) {
                case INSERT -> {
                    if (present == null) {
                        headers.put(action.key(), action.value());
                    }
                }
                case UPDATE -> {
                    if (present != null) {
                        headers.put(present, action.value());
                    }
                }
                case UPSERT -> {
                    if (present != null) {
                        headers.remove(present);
                    }
                    headers.put(action.key(), action.value());
                }
                case DELETE -> {
                    if (present != null) {
                        headers.remove(present);
                    }
                }
            }
        }
    }

    /** The name under which {@code headers} holds {@code key} in any case, or null. */
    private static String find(Map<String, String> headers, String key) {
        for (Iterator<String> names = headers.keySet().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (name.equalsIgnoreCase(key)) {
                return name;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "HeadersSetter" + actions;
    }
}

package io.github.otelflink.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened (operator test harnesses, servers) after each test, in the order
 * they were added, whether the test passed or not:
 * {@code @RegisterExtension final CloseAfterEach closing = new CloseAfterEach();} then
 * {@code var h = closing.add(harness);}. One place for the list-and-{@code @AfterEach}
 * bookkeeping the keyed-step and translator tests each had.
 */
public final class CloseAfterEach implements AfterEachCallback {
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Registers {@code closeable} to be closed after the current test; returns it. */
    public <T extends AutoCloseable> T add(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }
}

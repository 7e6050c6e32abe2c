package io.github.otelflink.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything added is closed, in order, even when one of them fails to close; the first failure is thrown. */
class CloseAfterEachTest {

    @Test
    void closesEverythingInOrderAndThrowsTheFirstFailureWithTheRestSuppressed() {
        List<String> closed = new ArrayList<>();
        CloseAfterEach closing = new CloseAfterEach();
        closing.add(() -> closed.add("a"));
        closing.add(() -> {
            closed.add("b");
            throw new IOException("b failed");
        });
        closing.add(() -> {
            closed.add("c");
            throw new IllegalStateException("c failed");
        });
        AutoCloseable d = () -> closed.add("d");
        assertThat(closing.add(d)).isSameAs(d);

        assertThatThrownBy(() -> closing.afterEach(null))
                .isInstanceOf(IOException.class)
                .hasMessage("b failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("c failed"));
        assertThat(closed).containsExactly("a", "b", "c", "d");

        closed.clear();
        // Closed things are forgotten: the next test's afterEach closes nothing twice.
        assertThatCode(() -> closing.afterEach(null)).doesNotThrowAnyException();
        assertThat(closed).isEmpty();
    }
}

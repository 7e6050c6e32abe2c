package io.github.otelflink.sink.remotewrite.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.function.ThrowingRunnable;
import org.junit.jupiter.api.Test;

/**
 * The room a waiting writer is granted ({@link LanedRequestBuffer#roomForAwaitedEntry}) is for the
 * wait itself, not for the completions that run while it yields: one of those, flushing in
 * {@code AsyncSinkWriter}'s loop with nothing it could send, spun the task thread forever
 * ({@code TenantBacklogWriterTest} hung once in a few hundred runs).
 */
class YieldTrackingContextTest {
    /** A mailbox whose yields record what a mail running in them would see. */
    private static final class RecordingMailbox implements MailboxExecutor {
        private final LanedRequestBuffer buffer;
        final List<Boolean> roomSeenInYield = new ArrayList<>();
        boolean fail;

        RecordingMailbox(LanedRequestBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void execute(MailOptions options, ThrowingRunnable<? extends Exception> command, String description,
                Object... descriptionArgs) {}

        @Override
        public void yield() {
            roomSeenInYield.add(buffer.roomForAwaitedEntry());
            if (fail) {
                throw new FlinkRuntimeException("task cancelled");
            }
        }

        @Override
        public boolean tryYield() {
            roomSeenInYield.add(buffer.roomForAwaitedEntry());
            return true;
        }

        @Override
        public boolean shouldInterrupt() {
            return false;
        }
    }

    @Test
    void mailsRunWhileTheWriterYieldsAreNotGrantedTheRoomItWaitsFor() throws Exception {
        LanedRequestBuffer buffer = new LanedRequestBuffer(2);
        buffer.awaitRoomBelow(100);
        assertThat(buffer.roomForAwaitedEntry()).as("the waiting writer, empty buffer").isTrue();
        RecordingMailbox task = new RecordingMailbox(buffer);
        MailboxExecutor mailbox = new YieldTrackingContext.Mailbox(task, buffer);

        mailbox.yield();
        mailbox.tryYield();
        assertThat(task.roomSeenInYield).containsExactly(false, false);
        assertThat(buffer.roomForAwaitedEntry()).as("the writer again, after its yields").isTrue();

        task.fail = true;
        assertThatThrownBy(mailbox::yield).isInstanceOf(FlinkRuntimeException.class);
        assertThat(buffer.roomForAwaitedEntry()).as("after a yield that threw").isTrue();
    }
}

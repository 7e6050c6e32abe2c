package io.github.otelflink.sink.remotewrite.writer;

import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.flink.util.function.ThrowingRunnable;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The writer's init context with a mailbox that tells a {@link LanedRequestBuffer} when the writer
 * yields, so that the buffer knows whether a mail runs inside {@code AsyncSinkWriter}'s wait for
 * room ({@link LanedRequestBuffer#roomForAwaitedEntry}). Everything else is the task's own.
 */
final class YieldTrackingContext implements WriterInitContext {
    private final WriterInitContext context;
    private final MailboxExecutor mailbox;

    YieldTrackingContext(WriterInitContext context, LanedRequestBuffer buffer) {
        this.context = context;
        this.mailbox = new Mailbox(context.getMailboxExecutor(), buffer);
    }

    @Override
    public MailboxExecutor getMailboxExecutor() {
        return mailbox;
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        return context.getUserCodeClassLoader();
    }

    @Override
    public ProcessingTimeService getProcessingTimeService() {
        return context.getProcessingTimeService();
    }

    @Override
    public SinkWriterMetricGroup metricGroup() {
        return context.metricGroup();
    }

    @Override
    public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
        return context.asSerializationSchemaInitializationContext();
    }

    @Override
    public boolean isObjectReuseEnabled() {
        return context.isObjectReuseEnabled();
    }

    @Override
    public <IN> TypeSerializer<IN> createInputSerializer() {
        return context.createInputSerializer();
    }

    @Override
    public <MetaT> Optional<Consumer<MetaT>> metadataConsumer() {
        return context.metadataConsumer();
    }

    @Override
    public OptionalLong getRestoredCheckpointId() {
        return context.getRestoredCheckpointId();
    }

    @Override
    public JobInfo getJobInfo() {
        return context.getJobInfo();
    }

    @Override
    public TaskInfo getTaskInfo() {
        return context.getTaskInfo();
    }

    /** The task's mailbox, marking the buffer while a yield runs mails. */
    static final class Mailbox implements MailboxExecutor {
        private final MailboxExecutor mailbox;
        private final LanedRequestBuffer buffer;

        Mailbox(MailboxExecutor mailbox, LanedRequestBuffer buffer) {
            this.mailbox = mailbox;
            this.buffer = buffer;
        }

        @Override
        public void execute(MailOptions options, ThrowingRunnable<? extends Exception> command, String description,
                Object... descriptionArgs) {
            mailbox.execute(options, command, description, descriptionArgs);
        }

        @Override
        public void yield() throws InterruptedException, FlinkRuntimeException {
            buffer.enterYield();
            try {
                mailbox.yield();
            } finally {
                buffer.leaveYield();
            }
        }

        @Override
        public boolean tryYield() throws FlinkRuntimeException {
            buffer.enterYield();
            try {
                return mailbox.tryYield();
            } finally {
                buffer.leaveYield();
            }
        }

        @Override
        public boolean shouldInterrupt() {
            return mailbox.shouldInterrupt();
        }
    }
}

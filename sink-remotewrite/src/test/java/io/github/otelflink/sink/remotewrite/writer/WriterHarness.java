package io.github.otelflink.sink.remotewrite.writer;

import io.github.otelflink.sink.remotewrite.RemoteWriteSinkConfig;
import io.github.otelflink.sink.remotewrite.http.RemoteWriteClient;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;

import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.runtime.tasks.StreamTaskActionExecutor;
import org.apache.flink.streaming.runtime.tasks.mailbox.MailboxExecutorImpl;
import org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl;
import org.apache.flink.util.UserCodeClassLoader;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs a real {@link RemoteWriteSinkWriter} (the real {@code AsyncSinkWriter} underneath) on its
 * own task thread with a real Flink mailbox, as a sink task would: the thread writes the input,
 * then {@code flush(true)} as on end of input, and yields to the mailbox where completions and
 * processing-time timers arrive. Retries are scheduled for real, with the given (short) policy.
 *
 * <p>Fed with {@link #fed}, the input arrives with {@link #write}, checkpoints are taken between
 * records as a sink task takes them ({@link #checkpoint}: {@code flush(false)}, then the snapshot),
 * the mailbox runs while no record is there, and {@link #endInput} ends it.
 */
final class WriterHarness implements AutoCloseable {
    /** The writer runs as subtask 1 of 2. */
    static final int SUBTASK_INDEX = 1;
    private final Thread task;
    private final TaskMailboxImpl mailbox;
    private final MailboxExecutor executor;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "harness-timers");
        t.setDaemon(true);
        return t;
    });
    private final RemoteWriteSinkWriter writer;
    /** Records ({@link TimeSeries}), checkpoints ({@link Checkpoint}) and {@link #END}, in order. */
    private final BlockingQueue<Object> input = new LinkedBlockingQueue<>();
    private static final Object END = new Object();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    /** A checkpoint for the task thread to take between two records. */
    private record Checkpoint(long id, CompletableFuture<List<BufferedRequestState<TimeSeries>>> state) {}

    WriterHarness(RemoteWriteSinkConfig config, RemoteWriteClient client, List<TimeSeries> input) {
        this(config, client, List.<BufferedRequestState<TimeSeries>>of());
        this.input.addAll(input);
        this.input.add(END);
    }

    private WriterHarness(RemoteWriteSinkConfig config, RemoteWriteClient client,
            Collection<BufferedRequestState<TimeSeries>> restored) {
        task = new Thread(this::run, "sink-task");
        task.setDaemon(true);
        mailbox = new TaskMailboxImpl(task);
        executor = new MailboxExecutorImpl(mailbox, 0, StreamTaskActionExecutor.IMMEDIATE);
        writer = RemoteWriteSinkWriter.create(config, new Context(), restored, client,
                (r, delayNanos) -> timers.schedule(r, delayNanos, TimeUnit.NANOSECONDS), () -> {}, System::nanoTime);
    }

    /** A harness whose input comes from {@link #write}, starting with the {@code restored} buffer. */
    static WriterHarness fed(RemoteWriteSinkConfig config, RemoteWriteClient client,
            Collection<BufferedRequestState<TimeSeries>> restored) {
        return new WriterHarness(config, client, restored);
    }

    void write(TimeSeries series) {
        input.add(series);
    }

    /** Takes a checkpoint after the records written so far; completes with the writer's snapshot. */
    CompletableFuture<List<BufferedRequestState<TimeSeries>>> checkpoint(long id) {
        Checkpoint c = new Checkpoint(id, new CompletableFuture<>());
        input.add(c);
        return c.state();
    }

    /** Ends the input: the writer sends everything and {@link #done} completes. */
    void endInput() {
        input.add(END);
    }

    WriterHarness start() {
        task.start();
        return this;
    }

    private void run() {
        try {
            SinkWriter.Context context = new SinkWriter.Context() {
                @Override
                public long currentWatermark() {
                    return Long.MIN_VALUE;
                }

                @Override
                public Long timestamp() {
                    return null;
                }
            };
            for (Object next = take(); next != END; next = take()) {
                if (next instanceof Checkpoint c) {
                    writer.flush(false);
                    c.state().complete(writer.snapshotState(c.id()));
                } else {
                    writer.write((TimeSeries) next, context);
                }
            }
            writer.flush(true);
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    /** The next input; while there is none, runs the mailbox, as a task's mailbox loop does. */
    private Object take() throws InterruptedException {
        Object next;
        while ((next = input.poll()) == null) {
            if (!executor.tryYield()) {
                next = input.poll(1, TimeUnit.MILLISECONDS);
                if (next != null) {
                    return next;
                }
            }
        }
        return next;
    }

    /** Whether the task thread is parked in the mailbox, waiting for a completion. */
    boolean taskWaiting() {
        Thread.State s = task.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    @Override
    public void close() {
        task.interrupt();
        timers.shutdownNow();
    }

    private final class Context implements WriterInitContext {
        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            throw new UnsupportedOperationException();
        }

        @Override
        public MailboxExecutor getMailboxExecutor() {
            return executor;
        }

        @Override
        public ProcessingTimeService getProcessingTimeService() {
            return new ProcessingTimeService() {
                @Override
                public long getCurrentProcessingTime() {
                    return System.currentTimeMillis();
                }

                @Override
                public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
                    long delay = Math.max(0, timestamp - System.currentTimeMillis());
                    // As in a task: the timer fires on the task thread, as a mail.
                    return timers.schedule(() -> executor.execute(() -> callback.onProcessingTime(timestamp),
                            "timer"), delay, TimeUnit.MILLISECONDS);
                }
            };
        }

        @Override
        public SinkWriterMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSinkWriterMetricGroup();
        }

        @Override
        public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isObjectReuseEnabled() {
            return false;
        }

        @Override
        public <IN> TypeSerializer<IN> createInputSerializer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalLong getRestoredCheckpointId() {
            return OptionalLong.empty();
        }

        @Override
        public JobInfo getJobInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskInfo getTaskInfo() {
            return new TaskInfoImpl("sink", 128, SUBTASK_INDEX, 2, 0);
        }
    }
}

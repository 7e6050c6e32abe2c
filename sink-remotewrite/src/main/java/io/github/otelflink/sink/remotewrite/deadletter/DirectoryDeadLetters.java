package io.github.otelflink.sink.remotewrite.deadletter;

import org.apache.flink.annotation.Internal;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import javax.annotation.Nullable;

/**
 * One subtask's dead letters as JSON lines ({@link DeadLetterJson}) in size-rotated files {@code
 * dead-letters-<subtask>-<opened ms>-<n>.jsonl}. The name holds the subtask, so parallel subtasks
 * never share a file, and the time this output was opened, so a restarted subtask begins new
 * files instead of appending to one whose last line a crash may have cut. A file is begun at the
 * first letter (no empty files) and closed once it reaches the size limit.
 */
@Internal
public final class DirectoryDeadLetters implements DeadLetterOutput {
    /** The ending of every dead-letter file. */
    public static final String SUFFIX = ".jsonl";
    /** The beginning of every dead-letter file. */
    public static final String PREFIX = "dead-letters-";

    private final Path directory;
    private final int subtaskIndex;
    private final long maxFileBytes;
    private final long openedMillis;
    private int fileNumber;
    @Nullable private FileOutputStream file;
    @Nullable private BufferedOutputStream out;
    private long fileBytes;

    DirectoryDeadLetters(Path directory, int subtaskIndex, long maxFileBytes, LongSupplier clock) throws IOException {
        this.directory = directory;
        this.subtaskIndex = subtaskIndex;
        this.maxFileBytes = maxFileBytes;
        this.openedMillis = clock.getAsLong();
        Files.createDirectories(directory);
    }

    @Override
    public synchronized void write(DeadLetter letter) throws IOException {
        byte[] line = (DeadLetterJson.encode(letter) + "\n").getBytes(StandardCharsets.UTF_8);
        if (out == null) {
            begin();
        }
        out.write(line);
        fileBytes += line.length;
        if (fileBytes >= maxFileBytes) {
            end();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (out != null) {
            out.flush();
            sync();
        }
    }

    /**
     * fsync through the file descriptor, not {@code FileChannel.force}: a channel is closed by an
     * interrupt of the calling thread, and a job cancel interrupts the task thread that then
     * flushes and closes this output; the file and the letters after it would be lost.
     */
    private void sync() throws IOException {
        file.getFD().sync();
    }

    @Override
    public synchronized void close() throws IOException {
        end();
    }

    private void begin() throws IOException {
        while (true) {
            Path path = directory.resolve(PREFIX + subtaskIndex + "-" + openedMillis + "-" + fileNumber++ + SUFFIX);
            try {
                // CREATE_NEW: never append to a file another writer (another job) may hold.
                file = new FileOutputStream(Files.createFile(path).toFile());
                break;
            } catch (FileAlreadyExistsException e) {
                // try the next number
            }
        }
        out = new BufferedOutputStream(file, 64 * 1024);
        fileBytes = 0;
    }

    private void end() throws IOException {
        if (out == null) {
            return;
        }
        try {
            out.flush();
            sync();
        } finally {
            out.close();
            out = null;
            file = null;
        }
    }
}

package io.github.otelflink.sink.remotewrite.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security material parsed from a few files that is re-parsed when the files' content changes.
 *
 * <p>The files are checked at most once per interval; a check reads them and compares a SHA-256
 * of their bytes with the last one seen, so it is cheap and independent of file timestamps (which
 * Kubernetes secret volumes do not preserve). If the new content cannot be parsed, e.g. because a
 * certificate was replaced but its key not yet, the previous material stays in use and a warning
 * is logged once per distinct broken content.
 */
final class ReloadingMaterial<T> {

  /** Turns the files' content (same order as the paths) into material. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(List<byte[]> contents);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReloadingMaterial.class);

  private final String description;
  private final List<Path> files;
  private final Parser<T> parser;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Runnable onChange;
  // Only one thread checks; the others keep using the current material instead of waiting.
  private final ReentrantLock checkLock = new ReentrantLock();

  private volatile T current;
  private volatile long nextCheckNanos;
  private String lastSeen; // guarded by checkLock: digest, or the error of an unreadable file

  /**
   * Loads the material once; unlike later reloads, failing now is fatal.
   *
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if the content is invalid
   */
  ReloadingMaterial(
      String description,
      List<Path> files,
      Parser<T> parser,
      Duration interval,
      LongSupplier nanoTime,
      Runnable onChange)
      throws IOException {
    this.description = description;
    this.files = List.copyOf(files);
    this.parser = parser;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
    this.onChange = onChange;
    List<byte[]> contents = readAll();
    this.current = parser.parse(contents);
    this.lastSeen = digest(contents);
    this.nextCheckNanos = nanoTime.getAsLong() + intervalNanos;
  }

  /** The current material, after reloading it if the check interval has passed. */
  T get() {
    refreshIfDue();
    return current;
  }

  /** The current material without checking the files. */
  T peek() {
    return current;
  }

  /** Checks the files if the interval has passed; returns whether the material changed. */
  boolean refreshIfDue() {
    if (nanoTime.getAsLong() - nextCheckNanos < 0 || !checkLock.tryLock()) {
      return false;
    }
    boolean changed = false;
    try {
      long now = nanoTime.getAsLong();
      if (now - nextCheckNanos < 0) {
        return false; // another thread checked while we were acquiring the lock
      }
      nextCheckNanos = now + intervalNanos;
      changed = check();
    } finally {
      checkLock.unlock();
    }
    if (changed) {
      onChange.run();
    }
    return changed;
  }

  private boolean check() {
    List<byte[]> contents;
    try {
      contents = readAll();
    } catch (IOException | UncheckedIOException e) {
      // A file may be missing for a moment while it is being replaced non-atomically.
      warnOnce("unreadable: " + e.getMessage(), e.getMessage());
      return false;
    }
    String digest = digest(contents);
    if (digest.equals(lastSeen)) {
      return false;
    }
    T parsed;
    try {
      parsed = parser.parse(contents);
    } catch (RuntimeException e) {
      warnOnce(digest, e.getMessage());
      return false;
    }
    lastSeen = digest;
    current = parsed;
    LOG.info("Reloaded {} from {}", description, files);
    return true;
  }

  private void warnOnce(String state, String reason) {
    if (state.equals(lastSeen)) {
      return;
    }
    lastSeen = state;
    LOG.warn(
        "Could not reload {} from {}, keeping the previously loaded one: {}",
        description,
        files,
        reason);
  }

  private List<byte[]> readAll() throws IOException {
    List<byte[]> contents = new ArrayList<>(files.size());
    for (Path file : files) {
      contents.add(PemFiles.read(file));
    }
    return contents;
  }

  private static String digest(List<byte[]> contents) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (byte[] content : contents) {
        // Length prefix so that moving bytes from one file to the next changes the digest.
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
        sha256.update(content);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}

package io.github.otelflink.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;

/** The launcher of one Prometheus process: picks a free port, starts it, waits until it is ready and stops it. */
final class PrometheusProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Thread shutdownHook;
    private final int port;
    private final Path logFile;

    private PrometheusProcess(Process process, Thread shutdownHook, int port, Path logFile) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.port = port;
        this.logFile = logFile;
    }

    /**
     * Runs {@code command} plus a {@code --web.listen-address} on a free port of 127.0.0.1 and waits until
     * {@code /-/ready} answers 200, retrying on another port when the chosen one was taken meanwhile. With basic
     * auth users, {@code authorization} is the header value the readiness probe sends (null: none).
     */
    static PrometheusProcess launch(List<String> command, Path workDir, Path logFile, boolean tls, HttpClient http,
            @Nullable String authorization) throws IOException {
        // The free port can be taken between probing and Prometheus binding it; then retry with another.
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            List<String> attemptCommand = new ArrayList<>(command);
            attemptCommand.add("--web.listen-address=127.0.0.1:" + port);
            Files.writeString(logFile, "=== attempt " + attempt + ": " + String.join(" ", attemptCommand) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(attemptCommand)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            // Backstop for a test that dies without close(): never leave a Prometheus behind.
            Thread hook = new Thread(process::destroyForcibly, "prometheus-" + port + "-killer");
            Runtime.getRuntime().addShutdownHook(hook);
            PrometheusProcess launched = new PrometheusProcess(process, hook, port, logFile);
            try {
                launched.awaitReady(http, URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port), authorization);
                return launched;
            } catch (IllegalStateException e) {
                launched.stop();
                last = e;
                if (!tail(logFile, 20).contains("address already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    int port() {
        return port;
    }

    Path logFile() {
        return logFile;
    }

    String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** SIGTERM, then SIGKILL after 10 s; unregisters the shutdown hook. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is already running or ran; nothing left to unregister.
        }
    }

    private void awaitReady(HttpClient http, URI baseUri, @Nullable String authorization) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastProblem = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue()
                        + " before becoming ready; log tail:\n" + logTail(30));
            }
            try {
                HttpRequest.Builder probe = HttpRequest.newBuilder(baseUri.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(2));
                if (authorization != null) {
                    probe.header("Authorization", authorization);
                }
                HttpResponse<String> ready = http.send(probe.build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                lastProblem = "HTTP " + ready.statusCode() + " " + ready.body().trim();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Prometheus", e);
            }
            try {
                // Doubles as the poll interval and as early detection of a crashed process.
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Prometheus", e);
            }
        }
        throw new IllegalStateException("Prometheus not ready after " + READY_TIMEOUT + " (" + lastProblem
                + "); log tail:\n" + logTail(30));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}

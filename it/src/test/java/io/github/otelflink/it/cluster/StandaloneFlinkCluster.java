package io.github.otelflink.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.otelflink.testing.Poll;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A standalone Flink session cluster as Flink's {@code bin/} scripts start it, without the
 * scripts: a JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers
 * ({@code TaskManagerRunner}) as separate JVMs on 127.0.0.1, their heap, metaspace and direct
 * memory flags computed by Flink's own {@code BashJavaUtils} from {@code config.yaml}, as
 * {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} do. {@code lib/} is assembled from
 * Maven Central at build time (see {@code it/pom.xml}). {@link #close()} kills every process it
 * started, also when a test failed; a shutdown hook does the same if the test JVM ends first.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    /** What Flink's distribution sets in {@code env.java.opts.all} for Java 17. */
    private static final List<String> JAVA17_OPENS = List.of(
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED");
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Path lib;
    private final Path conf;
    private final Path plugins;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanup = new Thread(this::killAll, "stop-flink-cluster");
    private Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private int started;

    private StandaloneFlinkCluster(Path dir, Path distribution, Map<String, String> extraConfig) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.lib = distribution.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: build with Maven (it/pom.xml copies Flink's lib/ there)");
        }
        this.conf = Files.createDirectories(dir.resolve("conf"));
        // plugins/ of the distribution (Flink's Prometheus reporter, as flink-dist ships it), else empty.
        Path shipped = distribution.resolve("plugins");
        this.plugins = Files.isDirectory(shipped) ? shipped : Files.createDirectories(dir.resolve("plugins"));
        Files.createDirectories(dir.resolve("log"));
        this.restPort = freePort();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.rpc.port", String.valueOf(freePort()));
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", String.valueOf(restPort));
        config.put("taskmanager.host", "127.0.0.1");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("blob.server.port", String.valueOf(freePort()));
        config.put("jobmanager.memory.process.size", "640m");
        config.put("taskmanager.memory.process.size", "900m");
        config.put("taskmanager.memory.managed.fraction", "0.2");
        config.put("taskmanager.numberOfTaskSlots", "2");
        // Spread subtasks (and so the OTLP ingress's listeners) over the TaskManagers.
        config.put("taskmanager.load-balance.mode", "SLOTS");
        config.put("parallelism.default", "2");
        config.put("execution.checkpointing.interval", "1s");
        config.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        config.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        config.put("state.backend.type", "rocksdb");
        config.put("restart-strategy.type", "fixed-delay");
        config.put("restart-strategy.fixed-delay.attempts", "1000");
        config.put("restart-strategy.fixed-delay.delay", "1s");
        // A killed TaskManager is noticed within seconds, not the default 50 s.
        config.put("heartbeat.interval", "1000");
        config.put("heartbeat.timeout", "5000");
        config.put("slot.request.timeout", "60000");
        config.put("web.upload.dir", Files.createDirectories(dir.resolve("upload")).toString());
        config.put("io.tmp.dirs", Files.createDirectories(dir.resolve("tmp")).toString());
        config.put("env.java.opts.all", String.join(" ", JAVA17_OPENS));
        config.putAll(extraConfig);
        Files.writeString(conf.resolve("config.yaml"), config.entrySet().stream()
                .map(e -> e.getKey() + ": " + quote(e.getValue())).collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(conf.resolve("log4j.properties"), """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = MainAppender
                appender.main.name = MainAppender
                appender.main.type = File
                appender.main.append = false
                appender.main.fileName = ${sys:log.file}
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                logger.netty.name = org.apache.flink.shaded.netty4
                logger.netty.level = WARN
                """);
        Files.copy(conf.resolve("log4j.properties"), conf.resolve("log4j-cli.properties"));
    }

    /** Starts a JobManager and {@code taskManagers} TaskManagers of 2 slots each, and waits until all slots are registered. */
    public static StandaloneFlinkCluster start(Path dir, int taskManagers, Map<String, String> extraConfig) throws Exception {
        Path distribution = Path.of(System.getProperty("flink.dist.dir", "target/flink"));
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir, distribution, extraConfig);
        try {
            Runtime.getRuntime().addShutdownHook(cluster.cleanup);
            cluster.jobManager = cluster.launch("jobmanager",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    cluster.resourceParams("GET_JM_RESOURCE_PARAMS"), List.of("--executionMode", "cluster"));
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitSlots(2 * taskManagers, Duration.ofSeconds(120));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more TaskManager (as Kubernetes would after a pod was lost). */
    public Process startTaskManager() throws Exception {
        Process tm = launch("taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                resourceParams("GET_TM_RESOURCE_PARAMS"), List.of());
        taskManagers.add(tm);
        return tm;
    }

    public List<Process> taskManagers() {
        return List.copyOf(taskManagers);
    }

    public Process jobManager() {
        return jobManager;
    }

    /** SIGKILL: no shutdown hook, no goodbye to the JobManager. */
    public void kill(Process taskManager) throws InterruptedException {
        taskManager.destroyForcibly();
        if (!taskManager.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("TaskManager " + taskManager.pid() + " survived SIGKILL");
        }
        taskManagers.remove(taskManager);
    }

    /** JVM flags and dynamic options as {@code bin/config.sh} gets them from {@code BashJavaUtils}. */
    private ResourceParams resourceParams(String command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", lib + "/*",
                "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + output);
        }
        List<String> results = output.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()).strip()).toList();
        if (results.size() < 2) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no JVM flags:\n" + output);
        }
        return new ResourceParams(split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
    }

    private record ResourceParams(List<String> jvmFlags, List<String> dynamicOptions) {}

    private Process launch(String role, String mainClass, ResourceParams resources, List<String> args) throws IOException {
        String name = role + "-" + (started++);
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(resources.jvmFlags());
        cmd.addAll(JAVA17_OPENS);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dlog.file=" + dir.resolve("log").resolve(name + ".log"));
        cmd.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
        cmd.add("-cp");
        cmd.add(lib + "/*");
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(conf.toString());
        cmd.addAll(args);
        cmd.addAll(resources.dynamicOptions());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").resolve(name + ".out").toFile());
        environment(pb);
        Process process = pb.start();
        processes.add(process);
        return process;
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().put("FLINK_CONF_DIR", conf.toString());
        pb.environment().put("FLINK_LIB_DIR", lib.toString());
        pb.environment().put("FLINK_PLUGINS_DIR", plugins.toString());
    }

    /** {@code flink run -d -p <p> <jar> <args>}: the CLI in its own JVM; returns the submitted job's id. */
    public String runDetached(Path jar, int parallelism, String... programArgs) throws Exception {
        return runDetachedFrom(null, jar, parallelism, programArgs);
    }

    /** {@code flink run -d [-s <savepoint>] -p <p> <jar> <args>}; returns the submitted job's id. */
    public String runDetachedFrom(String savepoint, Path jar, int parallelism, String... programArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(JAVA17_OPENS);
        cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m",
                "-Dlog.file=" + dir.resolve("log").resolve("client-" + (started++) + ".log"),
                "-Dlog4j.configurationFile=file:" + conf.resolve("log4j-cli.properties"),
                "-cp", lib + "/*", "org.apache.flink.client.cli.CliFrontend",
                "run", "-d"));
        if (savepoint != null) {
            cmd.addAll(List.of("-s", savepoint));
        }
        cmd.addAll(List.of("-p", String.valueOf(parallelism), jar.toString()));
        cmd.addAll(Arrays.asList(programArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb);
        Process cli = pb.start();
        processes.add(cli);
        try {
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(120, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IllegalStateException("flink run failed:\n" + output);
            }
            Matcher m = JOB_ID.matcher(output);
            if (!m.find()) {
                throw new IllegalStateException("flink run printed no JobID:\n" + output);
            }
            return m.group(1);
        } finally {
            cli.destroyForcibly();
            processes.remove(cli);
        }
    }

    /** REST {@code POST /jars/upload}, as the web UI does; returns the jar id. */
    public String uploadJar(Path jar) throws Exception {
        String boundary = "----otel-flink-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        JsonNode answer = send(HttpRequest.newBuilder(rest("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail))));
        String file = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
            throw new IllegalStateException("upload failed: " + answer);
        }
        return Path.of(file).getFileName().toString();
    }

    /** REST {@code POST /jars/<id>/run}: {@code main} runs inside the JobManager; returns the job id. */
    public String runUploadedJar(String jarId, int parallelism, String... programArgs) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("programArgsList", List.of(programArgs));
        body.put("parallelism", parallelism);
        JsonNode answer = send(HttpRequest.newBuilder(rest("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        String job = answer.path("jobid").asText();
        if (job.isEmpty()) {
            throw new IllegalStateException("/jars/" + jarId + "/run answered " + answer);
        }
        return job;
    }

    public JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(rest(path)).GET());
    }

    /** REST {@code POST /jobs/<id>/stop} with a savepoint; waits for it and returns its path. */
    public String stopWithSavepoint(String jobId, Duration timeout) throws Exception {
        JsonNode trigger = send(HttpRequest.newBuilder(rest("/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"drain\": false, \"formatType\": \"CANONICAL\"}")));
        String request = trigger.path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + request);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode op = status.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("stop with savepoint failed: " + op.path("failure-cause"));
                }
                return op.path("location").asText();
            }
            Poll.pause();
        }
        throw new IllegalStateException("no savepoint of " + jobId + " within " + timeout);
    }

    public void cancel(String jobId) throws Exception {
        http.send(HttpRequest.newBuilder(rest("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        awaitJobStatus(jobId, Duration.ofSeconds(60), "CANCELED", "FAILED", "FINISHED");
    }

    public String jobStatus(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Waits until the job is in one of {@code states}; fails at once if it reached another final state. */
    public void awaitJobStatus(String jobId, Duration timeout, String... states) throws Exception {
        List<String> wanted = List.of(states);
        String last = "";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            last = jobStatus(jobId);
            if (wanted.contains(last)) {
                return;
            }
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(last)) {
                throw new AssertionError("job " + jobId + " ended " + last + ", expected " + wanted
                        + "\n" + get("/jobs/" + jobId + "/exceptions"));
            }
            Poll.pause();
        }
        throw new AssertionError("job " + jobId + " is " + last + ", not " + wanted + " after " + timeout);
    }

    /** Waits until every vertex of the job has all its subtasks RUNNING. */
    public void awaitAllSubtasksRunning(String jobId, Duration timeout) throws Exception {
        awaitCondition(timeout, "all subtasks of " + jobId + " running", () -> {
            JsonNode job = getQuietly("/jobs/" + jobId);
            if (job == null || !"RUNNING".equals(job.path("state").asText())) {
                return false;
            }
            for (JsonNode vertex : job.path("vertices")) {
                if (vertex.path("tasks").path("RUNNING").asInt() != vertex.path("parallelism").asInt()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** The TaskManager id that runs each subtask of the vertex whose name contains {@code vertexName}. */
    public List<String> taskManagersOf(String jobId, String vertexName) throws Exception {
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            if (vertex.path("name").asText().contains(vertexName)) {
                List<String> result = new ArrayList<>();
                for (JsonNode subtask : get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText()).path("subtasks")) {
                    result.add(subtask.path("taskmanager-id").asText());
                }
                return result;
            }
        }
        throw new AssertionError("no vertex named like " + vertexName);
    }

    /** Completed checkpoints of the job so far. */
    public long completedCheckpoints(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    public boolean restAnswers() {
        return getQuietly("/overview") != null;
    }

    private void awaitSlots(int slots, Duration timeout) throws Exception {
        awaitCondition(timeout, slots + " slots registered", () -> {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited with " + jobManager.exitValue() + "; see " + dir.resolve("log"));
            }
            JsonNode overview = getQuietly("/overview");
            return overview != null && overview.path("slots-total").asInt() >= slots;
        });
    }

    public void awaitFreeSlots(int slots, Duration timeout) throws Exception {
        awaitCondition(timeout, slots + " free slots", () -> {
            JsonNode overview = getQuietly("/overview");
            return overview != null && overview.path("slots-available").asInt() >= slots;
        });
    }

    public static void awaitCondition(Duration timeout, String what, BooleanSupplier condition) {
        Poll.until(timeout, what, condition);
    }

    private JsonNode getQuietly(String path) {
        try {
            return get(path);
        } catch (Exception e) {
            return null;
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private URI rest(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    /** The tail of every process's log and stdout, for a failure message. */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(logDir())) {
            for (Path f : files.sorted().toList()) {
                List<String> all = Files.readAllLines(f);
                sb.append("==> ").append(f.getFileName()).append('\n');
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> sb.append(l).append('\n'));
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already, or never added
        }
    }

    private synchronized void killAll() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String quote(String value) {
        return value.matches("[A-Za-z0-9_./:,=-]+") && !value.startsWith("-") ? value : "\"" + value.replace("\"", "\\\"") + "\"";
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

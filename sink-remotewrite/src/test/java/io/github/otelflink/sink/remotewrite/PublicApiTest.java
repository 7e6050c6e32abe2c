package io.github.otelflink.sink.remotewrite;

import io.github.otelflink.sink.remotewrite.http.AuthOptions;
import io.github.otelflink.sink.remotewrite.model.Labels;
import io.github.otelflink.sink.remotewrite.model.TimeSeries;
import io.github.otelflink.sink.remotewrite.tls.TlsOptions;
import io.github.otelflink.sink.remotewrite.writer.FailurePolicy;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the sink's public surface deliberate: every public top-level type of the module carries
 * Flink's {@code @PublicEvolving} (what a user of the sink needs) or {@code @Internal} (public only
 * because another package of the sink, or the job, uses it), and the {@code @PublicEvolving} set
 * is exactly the one listed here. A new type is package-private unless there is a reason.
 *
 * <p>Flink's stability annotations have class retention: reflection cannot see them, so the test
 * reads the compiled class files' {@code RuntimeInvisibleAnnotations} itself.
 */
class PublicApiTest {
    private static final String BASE = "io.github.otelflink.sink.remotewrite.";
    private static final String PUBLIC_EVOLVING = "Lorg/apache/flink/annotation/PublicEvolving;";
    private static final String INTERNAL = "Lorg/apache/flink/annotation/Internal;";
    /** protoc's output: public, and no way to annotate it. Used by tests and the bench to decode requests. */
    private static final List<String> GENERATED = List.of(BASE + "proto.");

    /** The user API. Adding a type here (or removing one) is a decision about what users may rely on. */
    private static final Set<String> EXPECTED_PUBLIC_EVOLVING = Set.of(
            "PrometheusRemoteWriteSink",
            "PrometheusRemoteWriteSinkBuilder",
            "SeriesFingerprint",
            "TenantRouting",
            "deadletter.DeadLetter",
            "deadletter.DeadLetterJson",
            "deadletter.DeadLetterOutput",
            "deadletter.DeadLetterTarget",
            "encode.RemoteWriteProtocol",
            "http.AuthOptions",
            "http.RequestSigner",
            "model.Exemplar",
            "model.Histogram",
            "model.Labels",
            "model.MetricMetadata",
            "model.MetricType",
            "model.StaleNaN",
            "model.TimeSeries",
            "model.TimeSeriesTypeInfo",
            "retry.RetryPolicy",
            "tls.TlsOptions",
            "validate.DropReason",
            "writer.FailurePolicy",
            "writer.RemoteWriteException",
            "writer.SinkMetrics");

    /** Top-level types of the module's main classes, by name relative to {@link #BASE}. */
    private static final TreeMap<String, ClassInfo> TYPES = new TreeMap<>();

    @BeforeAll
    static void readCompiledClasses() throws Exception {
        Path location = Path.of(PrometheusRemoteWriteSink.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            readAll(location);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                readAll(jar.getPath("/"));
            }
        }
    }

    private static void readAll(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.getFileName() != null)
                    .filter(p -> p.getFileName().toString().endsWith(".class"))
                    .filter(p -> !p.getFileName().toString().contains("$"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.class"))
                    .toList();
        }
        for (Path file : files) {
            ClassInfo info = ClassInfo.read(Files.readAllBytes(file));
            if (info.name.startsWith(BASE) && GENERATED.stream().noneMatch(info.name::startsWith)) {
                TYPES.put(info.name.substring(BASE.length()), info);
            }
        }
    }

    @Test
    void readsTheModulesClasses() {
        assertThat(TYPES).containsKeys("PrometheusRemoteWriteSink", "writer.BatchDelivery", "model.TimeSeries");
        assertThat(TYPES.get("PrometheusRemoteWriteSink").annotations).contains(PUBLIC_EVOLVING);
        assertThat(TYPES.get("writer.BatchDelivery").isPublic()).isFalse();
    }

    @Test
    void everyPublicTypeIsPublicEvolvingOrInternal() {
        List<String> unmarked = new ArrayList<>();
        List<String> both = new ArrayList<>();
        TYPES.forEach((name, info) -> {
            boolean evolving = info.annotations.contains(PUBLIC_EVOLVING);
            boolean internal = info.annotations.contains(INTERNAL);
            if (info.isPublic() && !evolving && !internal) {
                unmarked.add(name);
            }
            if (evolving && internal) {
                both.add(name);
            }
        });
        assertThat(unmarked)
                .as("public types without @PublicEvolving or @Internal: make them package-private, or mark "
                        + "@PublicEvolving if a user of the sink needs them, or @Internal if only another "
                        + "package of the sink (or the job) does")
                .isEmpty();
        assertThat(both).as("types marked both @PublicEvolving and @Internal").isEmpty();
    }

    @Test
    void theUserApiIsTheListedOne() {
        Set<String> evolving = new HashSet<>();
        TYPES.forEach((name, info) -> {
            if (info.isPublic() && info.annotations.contains(PUBLIC_EVOLVING)) {
                evolving.add(name);
            }
        });
        assertThat(evolving)
                .as("@PublicEvolving types; changing the user API means changing EXPECTED_PUBLIC_EVOLVING too")
                .containsExactlyInAnyOrderElementsOf(EXPECTED_PUBLIC_EVOLVING);
    }

    /**
     * The example of {@link PrometheusRemoteWriteSinkBuilder}'s class Javadoc, from {@code
     * PrometheusRemoteWriteSink sink =} to {@code series.sinkTo(sink)} verbatim: it compiles and builds.
     */
    @Test
    void theBuildersJavadocExampleBuilds() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<TimeSeries> series = env.fromData(TimeSeries.ofSample(Labels.of("__name__", "up"), 1000L, 1.0));

        PrometheusRemoteWriteSink sink = PrometheusRemoteWriteSink.builder()
                .endpoint("https://mimir.example:8080/api/v1/push")
                .tls(TlsOptions.defaults()
                        .withCaFile("/etc/ssl/ca/ca.crt")
                        .withClientCertificate("/etc/ssl/certs/tls.crt", "/etc/ssl/certs/tls.key"))
                .auth(AuthOptions.basicWithPasswordFile("writer", "/etc/secrets/remote-write-password"))
                .header("X-Scope-OrgID", "tenant-1")
                .onFailure(FailurePolicy.FAIL)
                .build();
        series.sinkTo(sink);

        RemoteWriteSinkConfig config = sink.config();
        assertThat(config.endpoint().tls().hasClientCertificate()).isTrue();
        assertThat(config.endpoint().auth().basicPasswordFile()).isEqualTo("/etc/secrets/remote-write-password");
        assertThat(config.endpoint().headers()).containsEntry("X-Scope-OrgID", "tenant-1");
        assertThat(config.onFailure()).isEqualTo(FailurePolicy.FAIL);
    }

    /** What the test needs of a class file: its name, access flags and class-level annotations. */
    private static final class ClassInfo {
        private static final int ACC_PUBLIC = 0x0001;

        final String name;
        final int access;
        final Set<String> annotations;

        private ClassInfo(String name, int access, Set<String> annotations) {
            this.name = name;
            this.access = access;
            this.annotations = annotations;
        }

        boolean isPublic() {
            return (access & ACC_PUBLIC) != 0;
        }

        /** Parses the class file format (JVMS chapter 4) as far as the class attributes. */
        static ClassInfo read(byte[] bytes) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.skipBytes(4); // minor, major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNames = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF(); // u2 length + modified UTF-8, as readUTF expects
                    case 7 -> classNames[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.skipBytes(2); // String, MethodType, Module, Package
                    case 15 -> in.skipBytes(3); // MethodHandle
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> { // Long and Double take two entries
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag);
                }
            }
            int access = in.readUnsignedShort();
            String name = utf8[classNames[in.readUnsignedShort()]].replace('/', '.');
            in.skipBytes(2); // super class
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            for (int members = 0; members < 2; members++) { // fields, then methods
                int n = in.readUnsignedShort();
                for (int i = 0; i < n; i++) {
                    in.skipBytes(6); // access, name, descriptor
                    int attributes = in.readUnsignedShort();
                    for (int a = 0; a < attributes; a++) {
                        in.skipBytes(2);
                        in.skipBytes(in.readInt());
                    }
                }
            }
            Set<String> annotations = new HashSet<>();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("RuntimeInvisibleAnnotations") || attribute.equals("RuntimeVisibleAnnotations")) {
                    int n = in.readUnsignedShort();
                    for (int i = 0; i < n; i++) {
                        annotations.add(readAnnotation(in, utf8));
                    }
                } else {
                    in.skipBytes(length);
                }
            }
            return new ClassInfo(name, access, annotations);
        }

        /** Returns the annotation's type descriptor, skipping its element values. */
        private static String readAnnotation(DataInputStream in, String[] utf8) throws IOException {
            String type = utf8[in.readUnsignedShort()];
            int pairs = in.readUnsignedShort();
            for (int i = 0; i < pairs; i++) {
                in.skipBytes(2); // element name
                skipElementValue(in, utf8);
            }
            return type;
        }

        private static void skipElementValue(DataInputStream in, String[] utf8) throws IOException {
            char tag = (char) in.readUnsignedByte();
            switch (tag) {
                case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 's', 'c' -> in.skipBytes(2);
                case 'e' -> in.skipBytes(4);
                case '@' -> readAnnotation(in, utf8);
                case '[' -> {
                    int n = in.readUnsignedShort();
                    for (int i = 0; i < n; i++) {
                        skipElementValue(in, utf8);
                    }
                }
                default -> throw new IOException("unknown element value tag " + tag);
            }
        }
    }
}

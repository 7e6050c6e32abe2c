package io.github.otelflink.job.processor.resource;

import static io.github.otelflink.job.processor.resource.Attrs.array;
import static io.github.otelflink.job.processor.resource.Attrs.attrs;
import static io.github.otelflink.job.processor.resource.Attrs.kvlist;
import static io.github.otelflink.job.processor.resource.Attrs.resourceMetrics;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.job.processor.resource.ResourceAction.Action;
import io.github.otelflink.job.processor.resource.ResourceAction.ConvertedType;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A golden example per action, with the Collector's semantics. */
class ResourceProcessorTest {

    private static List<KeyValue> run(List<ResourceAction> actions, ResourceMetrics.Builder rm) {
        ResourceProcessor.compile(actions).process(rm);
        return rm.getResource().getAttributesList();
    }

    private static List<KeyValue> run(ResourceAction action, Object... attributes) {
        return run(List.of(action), resourceMetrics(attributes));
    }

    private static ResourceAction act(String key, Object value, String fromAttribute, String fromContext,
            String pattern, Action action, ConvertedType type) {
        return new ResourceAction(key, value, fromAttribute, fromContext, pattern, action, type);
    }

    private static ResourceAction fromAttribute(Action action, String key, String from) {
        return act(key, null, from, null, null, action, null);
    }

    private static ResourceAction pattern(Action action, String key, String pattern) {
        return act(key, null, null, null, pattern, action, null);
    }

    private static ResourceAction convert(String key, ConvertedType type) {
        return act(key, null, null, null, null, Action.CONVERT, type);
    }

    @Test
    void insertAddsWhenAbsent() {
        assertThat(run(ResourceAction.set(Action.INSERT, "env", "prod"), "service.name", "a"))
                .isEqualTo(attrs("service.name", "a", "env", "prod"));
    }

    @Test
    void insertKeepsAPresentValue() {
        assertThat(run(ResourceAction.set(Action.INSERT, "env", "prod"), "env", "dev"))
                .isEqualTo(attrs("env", "dev"));
    }

    @Test
    void insertTypedValues() {
        assertThat(run(List.of(ResourceAction.set(Action.INSERT, "i", 42), ResourceAction.set(Action.INSERT, "d", 1.5),
                ResourceAction.set(Action.INSERT, "b", true)), resourceMetrics()))
                .isEqualTo(attrs("i", 42L, "d", 1.5, "b", true));
    }

    @Test
    void insertFromAnAbsentAttributeDoesNothing() {
        assertThat(run(fromAttribute(Action.INSERT, "region", "cloud.region"), "a", "1"))
                .isEqualTo(attrs("a", "1"));
    }

    @Test
    void insertFromAttributeCopiesTheTypedValue() {
        assertThat(run(fromAttribute(Action.INSERT, "port", "server.port"), "server.port", 8080L))
                .isEqualTo(attrs("server.port", 8080L, "port", 8080L));
    }

    @Test
    void updateChangesAPresentValue() {
        assertThat(run(ResourceAction.set(Action.UPDATE, "env", "prod"), "env", "dev", "a", "1"))
                .isEqualTo(attrs("env", "prod", "a", "1"));
    }

    @Test
    void updateDoesNotAdd() {
        assertThat(run(ResourceAction.set(Action.UPDATE, "env", "prod"), "a", "1")).isEqualTo(attrs("a", "1"));
    }

    @Test
    void updateCopiesFromAnotherAttribute() {
        assertThat(run(fromAttribute(Action.UPDATE, "host", "host.name"), "host", "old", "host.name", "h1"))
                .isEqualTo(attrs("host", "h1", "host.name", "h1"));
    }

    @Test
    void upsertAddsOrChanges() {
        ResourceAction upsert = ResourceAction.set(Action.UPSERT, "env", "prod");
        assertThat(run(upsert, "a", "1")).isEqualTo(attrs("a", "1", "env", "prod"));
        assertThat(run(upsert, "env", 3L, "a", "1")).isEqualTo(attrs("env", "prod", "a", "1"));
    }

    @Test
    void deleteByKey() {
        assertThat(run(pattern(Action.DELETE, "secret", null), "a", "1", "secret", "x"))
                .isEqualTo(attrs("a", "1"));
    }

    @Test
    void deleteByUnanchoredPatternOverKeys() {
        assertThat(run(pattern(Action.DELETE, null, "^k8s\\.pod"), "k8s.pod.name", "p", "k8s.pod.uid", "u",
                "k8s.node.name", "n", "x.k8s.pod", "y"))
                .isEqualTo(attrs("k8s.node.name", "n", "x.k8s.pod", "y"));
        assertThat(run(pattern(Action.DELETE, null, "uid"), "k8s.pod.uid", "u", "a", "1"))
                .isEqualTo(attrs("a", "1"));
    }

    @Test
    void deleteByKeyAndPattern() {
        assertThat(run(pattern(Action.DELETE, "a", "^tmp_"), "a", "1", "b", "2", "tmp_x", "3"))
                .isEqualTo(attrs("b", "2"));
    }

    @Test
    void deleteAbsentKeyChangesNothing() {
        ResourceMetrics.Builder rm = ResourceMetrics.newBuilder();
        ResourceProcessor.compile(List.of(pattern(Action.DELETE, "a", null))).process(rm);
        assertThat(rm.hasResource()).isFalse();
    }

    // Expected values from the Collector's attributesprocessor tests (TestMetricAttributes_Hash).
    @Test
    void hashCollectorGoldenValues() {
        List<ResourceAction> actions = List.of(pattern(Action.HASH, "user.email", null),
                pattern(Action.HASH, "user.id", null), pattern(Action.HASH, "user.balance", null),
                pattern(Action.HASH, "user.authenticated", null));

        assertThat(run(actions, resourceMetrics("user.email", "john.doe@example.com", "user.id", 10L,
                "user.balance", 99.1, "user.authenticated", true)))
                .isEqualTo(attrs(
                        "user.email", "836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f",
                        "user.id", "a111f275cc2e7588000001d300a31e76336d15b9d314cd1a1d8f3d3556975eed",
                        "user.balance", "05fabd78b01be9692863cb0985f600c99da82979af18db5c55173c2a30adb924",
                        "user.authenticated", "4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a"));
    }

    @Test
    void hashBytesHashedAreThoseOfTheValue() throws Exception {
        assertThat(run(pattern(Action.HASH, "k", null), "k", "alice"))
                .isEqualTo(attrs("k", sha256("alice".getBytes(StandardCharsets.UTF_8))));
        assertThat(run(pattern(Action.HASH, "k", null), "k", -1L)).isEqualTo(attrs("k",
                sha256(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array())));
        assertThat(run(pattern(Action.HASH, "k", null), "k", 1.5)).isEqualTo(attrs("k",
                sha256(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).array())));
        assertThat(run(pattern(Action.HASH, "k", null), "k", false)).isEqualTo(attrs("k", sha256(new byte[] {0})));
    }

    @Test
    void hashEmptyStringsAndOtherTypesBecomeEmpty() {
        assertThat(run(pattern(Action.HASH, null, "."), "s", "", "b", new byte[] {1, 2}, "a", array("x"),
                "m", kvlist("k", "v")))
                .isEqualTo(attrs("s", "", "b", "", "a", "", "m", ""));
    }

    @Test
    void hashByPatternAndAKeyMatchingBothIsHashedTwice() throws Exception {
        String once = sha256("alice".getBytes(StandardCharsets.UTF_8));
        String twice = sha256(once.getBytes(StandardCharsets.UTF_8));

        assertThat(run(pattern(Action.HASH, null, "^user\\."), "user.name", "alice", "other", "alice"))
                .isEqualTo(attrs("user.name", once, "other", "alice"));
        assertThat(run(pattern(Action.HASH, "user.name", "^user\\."), "user.name", "alice"))
                .isEqualTo(attrs("user.name", twice));
        assertThat(twice).isEqualTo("77555306307cbe22a6ee527f56c73377eebe0c6f0e649d393d917fa96fea30ed");
    }

    @Test
    void hashAbsentKeyChangesNothing() {
        assertThat(run(pattern(Action.HASH, "missing", null), "a", "1")).isEqualTo(attrs("a", "1"));
    }

    private final ResourceAction url = pattern(Action.EXTRACT, "http.url",
            "^(?P<http_protocol>.*):\\/\\/(?P<http_domain>[^/]*)\\/(?P<http_path>[^?]*)");

    @Test
    void extractNamedGroupsBecomeStringAttributes() {
        assertThat(run(url, "http.url", "http://example.com/path/a?x=1"))
                .isEqualTo(attrs("http.url", "http://example.com/path/a?x=1", "http_protocol", "http",
                        "http_domain", "example.com", "http_path", "path/a"));
    }

    @Test
    void extractOverwritesExistingAttributes() {
        assertThat(run(url, "http_domain", "old", "http.url", "https://a.b/c"))
                .isEqualTo(attrs("http_domain", "a.b", "http.url", "https://a.b/c", "http_protocol", "https",
                        "http_path", "c"));
    }

    @Test
    void extractUnanchoredFirstMatchAndAnUnmatchedGroupGivesEmpty() {
        ResourceAction version = pattern(Action.EXTRACT, "v", "(?P<major>\\d+)\\.(?P<minor>\\d+)(?:-(?P<pre>\\w+))?");
        assertThat(run(version, "v", "release 1.22 and 3.4-rc1"))
                .isEqualTo(attrs("v", "release 1.22 and 3.4-rc1", "major", "1", "minor", "22", "pre", ""));
    }

    @Test
    void extractNoMatchAbsentKeyOrNonStringDoNothing() {
        assertThat(run(url, "http.url", "not a url")).isEqualTo(attrs("http.url", "not a url"));
        assertThat(run(url, "a", "1")).isEqualTo(attrs("a", "1"));
        assertThat(run(url, "http.url", 12L)).isEqualTo(attrs("http.url", 12L));
    }

    @Test
    void convertToInt() {
        // Collector test TestMetricAttributes_Convert: "123" -> 123, "int-10" unchanged
        assertThat(run(convert("k", ConvertedType.INT), "k", "123")).isEqualTo(attrs("k", 123L));
        assertThat(run(convert("k", ConvertedType.INT), "k", "int-10")).isEqualTo(attrs("k", "int-10"));
        assertThat(run(convert("k", ConvertedType.INT), "k", "-42")).isEqualTo(attrs("k", -42L));
        assertThat(run(convert("k", ConvertedType.INT), "k", "+7")).isEqualTo(attrs("k", 7L));
        assertThat(run(convert("k", ConvertedType.INT), "k", "1.5")).isEqualTo(attrs("k", "1.5"));
        assertThat(run(convert("k", ConvertedType.INT), "k", " 1")).isEqualTo(attrs("k", " 1"));
        assertThat(run(convert("k", ConvertedType.INT), "k", "٣")).isEqualTo(attrs("k", "٣"));
        assertThat(run(convert("k", ConvertedType.INT), "k", "9223372036854775808"))
                .isEqualTo(attrs("k", "9223372036854775808"));
        assertThat(run(convert("k", ConvertedType.INT), "k", 2.9)).isEqualTo(attrs("k", 2L));
        assertThat(run(convert("k", ConvertedType.INT), "k", -2.9)).isEqualTo(attrs("k", -2L));
        assertThat(run(convert("k", ConvertedType.INT), "k", true)).isEqualTo(attrs("k", 1L));
        assertThat(run(convert("k", ConvertedType.INT), "k", false)).isEqualTo(attrs("k", 0L));
        assertThat(run(convert("k", ConvertedType.INT), "k", array(1L))).isEqualTo(attrs("k", array(1L)));
    }

    @Test
    void convertToDouble() {
        // Collector test: "3.141e2" -> 314.1
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "3.141e2")).isEqualTo(attrs("k", 314.1));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "1_000.5")).isEqualTo(attrs("k", 1000.5));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "0x1p-2")).isEqualTo(attrs("k", 0.25));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "-Inf"))
                .isEqualTo(attrs("k", Double.NEGATIVE_INFINITY));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", ".5")).isEqualTo(attrs("k", 0.5));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "1.5d")).isEqualTo(attrs("k", "1.5d"));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "Infinityx")).isEqualTo(attrs("k", "Infinityx"));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "1e400")).isEqualTo(attrs("k", "1e400"));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", "1__0")).isEqualTo(attrs("k", "1__0"));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", 3L)).isEqualTo(attrs("k", 3.0));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", true)).isEqualTo(attrs("k", 1.0));
        assertThat(run(convert("k", ConvertedType.DOUBLE), "k", 2.5)).isEqualTo(attrs("k", 2.5));
    }

    @Test
    void convertToStringAsPdataAsString() {
        // Collector test: 99.1 -> "99.1"
        assertThat(run(convert("k", ConvertedType.STRING), "k", 99.1)).isEqualTo(attrs("k", "99.1"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", 100.0)).isEqualTo(attrs("k", "100"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", 1e21)).isEqualTo(attrs("k", "1e+21"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", 1e20)).isEqualTo(attrs("k", "100000000000000000000"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", -1.5e-7)).isEqualTo(attrs("k", "-1.5e-7"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", 0.000001)).isEqualTo(attrs("k", "0.000001"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", 42L)).isEqualTo(attrs("k", "42"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", true)).isEqualTo(attrs("k", "true"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", new byte[] {1, 2, 3}))
                .isEqualTo(attrs("k", "AQID"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", array("a", 1L, 2.5, true)))
                .isEqualTo(attrs("k", "[\"a\",1,2.5,true]"));
        // No HTML escaping since collector #15108 (pdata/pcommon/value.go marshalJSONNoHTMLEscape).
        assertThat(run(convert("k", ConvertedType.STRING), "k", kvlist("b", 1L, "a", "x<y")))
                .isEqualTo(attrs("k", "{\"a\":\"x<y\",\"b\":1}"));
        assertThat(run(convert("k", ConvertedType.STRING), "k", "s")).isEqualTo(attrs("k", "s"));
    }

    @Test
    void convertAbsentKeyChangesNothing() {
        assertThat(run(convert("k", ConvertedType.INT), "a", "1")).isEqualTo(attrs("a", "1"));
    }

    private final ResourceAction tenant = act("tenant", null, null, "metadata.X-Tenant", null, Action.UPSERT, null);

    @Test
    void fromContextNoContextOnKafkaDoesNothing() {
        assertThat(run(tenant, "a", "1")).isEqualTo(attrs("a", "1"));
    }

    @Test
    void fromContextResolvedLikeTheCollectorAgainstAGivenMap() {
        ResourceMetrics.Builder rm = resourceMetrics("a", "1");
        ResourceProcessor.compile(List.of(
                tenant,
                act("bare", null, null, "x-tenant", null, Action.INSERT, null),
                act("subject", null, null, "auth.subject", null, Action.INSERT, null),
                act("client", null, null, "client.address", null, Action.INSERT, null),
                act("missing", null, null, "metadata.nope", null, Action.INSERT, null)))
                .process(rm, Map.of("x-tenant", "t1;t2", "auth.subject", "svc", "client.address", "10.0.0.1"));

        assertThat(rm.getResource().getAttributesList()).isEqualTo(attrs("a", "1", "tenant", "t1;t2",
                "bare", "t1;t2", "subject", "svc", "client", "10.0.0.1"));
    }

    @Test
    void actionsApplyInOrder() {
        List<ResourceAction> actions = List.of(
                fromAttribute(Action.INSERT, "user", "user.email"),
                pattern(Action.HASH, "user.email", null),
                pattern(Action.EXTRACT, "user", "@(?P<domain>.+)$"),
                pattern(Action.DELETE, "user", null),
                ResourceAction.set(Action.UPSERT, "count", "7"),
                convert("count", ConvertedType.INT));

        assertThat(run(actions, resourceMetrics("user.email", "a@b.org")))
                .extracting(KeyValue::getKey)
                .containsExactly("user.email", "domain", "count");
        assertThat(run(actions, resourceMetrics("user.email", "a@b.org")).get(1))
                .isEqualTo(attrs("domain", "b.org").get(0));
        assertThat(run(actions, resourceMetrics("user.email", "a@b.org")).get(2))
                .isEqualTo(attrs("count", 7L).get(0));
    }

    @Test
    void isSerializable() throws Exception {
        ResourceProcessor processor = ResourceProcessor.compile(List.of(ResourceAction.set(Action.UPSERT, "k", 1.5),
                pattern(Action.EXTRACT, "u", "(?P<x>a)")));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(processor);
        }
        ResourceProcessor copy;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (ResourceProcessor) in.readObject();
        }
        ResourceMetrics.Builder rm = resourceMetrics("u", "bab");
        copy.process(rm);
        assertThat(rm.getResource().getAttributesList()).isEqualTo(attrs("u", "bab", "k", 1.5, "x", "a"));
        assertThat(copy.actions()).isEqualTo(processor.actions());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

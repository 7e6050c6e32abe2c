package io.github.otelflink.job.processor.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.processor.resource.ResourceAction.Action;
import io.github.otelflink.job.processor.resource.ResourceAction.ConvertedType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The checks of the Collector's {@code attraction.NewAttrProc}, each naming the field at fault. */
class ResourceActionTest {

    private static Arguments invalid(String field, String key, Object value, String fromAttribute, String fromContext,
            String pattern, Action action, ConvertedType type) {
        return Arguments.of(field, key, value, fromAttribute, fromContext, pattern, action, type);
    }

    static Stream<Arguments> invalidActions() {
        return Stream.of(
                invalid("action", "k", "v", null, null, null, null, null),
                invalid("key", null, "v", null, null, null, Action.INSERT, null),
                invalid("key", "", "v", null, null, null, Action.UPSERT, null),
                invalid("value", "k", null, null, null, null, Action.UPDATE, null),
                invalid("from_attribute", "k", "v", "other", null, null, Action.UPSERT, null),
                invalid("from_context", "k", null, "other", "metadata.x", null, Action.INSERT, null),
                invalid("pattern", "k", "v", null, null, "x", Action.INSERT, null),
                invalid("converted_type", "k", "v", null, null, null, Action.UPSERT, ConvertedType.INT),
                invalid("key", null, null, null, null, null, Action.DELETE, null),
                invalid("key", "", null, null, null, "", Action.HASH, null),
                invalid("value", "k", "v", null, null, null, Action.DELETE, null),
                invalid("from_attribute", "k", null, "a", null, null, Action.HASH, null),
                invalid("from_context", "k", null, null, "c", null, Action.HASH, null),
                invalid("pattern", null, null, null, null, "(unclosed", Action.DELETE, null),
                invalid("converted_type", "k", null, null, null, null, Action.DELETE, ConvertedType.STRING),
                invalid("key", null, null, null, null, "(?P<a>.*)", Action.EXTRACT, null),
                invalid("pattern", "k", null, null, null, null, Action.EXTRACT, null),
                invalid("pattern", "k", null, null, null, "a.*", Action.EXTRACT, null),
                invalid("pattern", "k", null, null, null, "(?P<a>.*)-(.*)", Action.EXTRACT, null),
                invalid("value", "k", "v", null, null, "(?P<a>.*)", Action.EXTRACT, null),
                invalid("converted_type", "k", null, null, null, "(?P<a>.*)", Action.EXTRACT, ConvertedType.INT),
                invalid("key", null, null, null, null, null, Action.CONVERT, ConvertedType.INT),
                invalid("converted_type", "k", null, null, null, null, Action.CONVERT, null),
                invalid("pattern", "k", null, null, null, "x", Action.CONVERT, ConvertedType.INT),
                invalid("value", "k", 1L, null, null, null, Action.CONVERT, ConvertedType.INT),
                invalid("value", "k", new Object(), null, null, null, Action.UPSERT, null));
    }

    @ParameterizedTest
    @MethodSource("invalidActions")
    void invalidActionsNameTheField(String field, String key, Object value, String fromAttribute, String fromContext,
            String pattern, Action action, ConvertedType type) {
        assertThatThrownBy(() -> new ResourceAction(key, value, fromAttribute, fromContext, pattern, action, type))
                .isInstanceOfSatisfying(ResourceActionException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).isEqualTo(field + ": " + e.detail());
                });
    }

    @Test
    void messages() {
        assertThatThrownBy(() -> ResourceAction.set(Action.UPSERT, null, "v"))
                .hasMessage("key: required for the upsert action");
        assertThatThrownBy(() -> new ResourceAction("k", null, null, null, null, Action.INSERT, null))
                .hasMessage("value: the insert action needs one of value, from_attribute, from_context");
        assertThatThrownBy(() -> new ResourceAction("k", "v", "a", null, null, Action.INSERT, null)).hasMessage(
                "from_attribute: the insert action takes only one of value, from_attribute, from_context;"
                        + " value and from_attribute are set");
        assertThatThrownBy(() -> new ResourceAction(null, null, null, null, null, Action.DELETE, null))
                .hasMessage("key: the delete action needs key or pattern (or both)");
        assertThatThrownBy(() -> new ResourceAction("k", null, null, null, "(?P<a>x)(y)", Action.EXTRACT, null))
                .hasMessage("pattern: group 2 has no name: every group of an extract pattern must be named"
                        + " (use (?:...) to group without capturing)");
        assertThatThrownBy(() -> new ResourceAction("k", null, null, null, null, Action.CONVERT, null))
                .hasMessage("converted_type: required for the convert action: int, double or string");
        assertThatThrownBy(() -> ConvertedType.fromConfigName("float"))
                .hasMessage("converted_type: invalid value \"float\": use int, double or string");
        assertThatThrownBy(() -> Action.fromConfigName("rename")).hasMessageStartingWith("action: unsupported action");
    }

    @Test
    void validActionsAndNormalizedValues() {
        assertThat(ResourceAction.set(Action.INSERT, "k", 3).value()).isEqualTo(3L);
        assertThat(ResourceAction.set(Action.INSERT, "k", 1.5f).value()).isEqualTo(1.5);
        assertThat(ResourceAction.set(Action.INSERT, "k", "").value()).isEqualTo("");
        assertThat(new ResourceAction("k", null, "", "c", "", Action.UPSERT, null))
                .isEqualTo(new ResourceAction("k", null, null, "c", null, Action.UPSERT, null));
        assertThat(new ResourceAction(null, null, null, null, "^tmp", Action.DELETE, null).describe())
                .isEqualTo("delete /^tmp/");
        assertThat(new ResourceAction("k", null, null, null, "(?P<a>x)(?:y)", Action.EXTRACT, null).pattern())
                .isEqualTo("(?P<a>x)(?:y)");
        assertThat(new ResourceAction("k", null, null, null, null, Action.CONVERT, ConvertedType.DOUBLE).describe())
                .isEqualTo("convert k to double");
        assertThat(Action.fromConfigName("UpSert")).isEqualTo(Action.UPSERT);
        assertThat(ConvertedType.fromConfigName("int")).isEqualTo(ConvertedType.INT);
    }
}

package io.github.otelflink.job.pdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RE2 expressions (com.google.re2j) match in Java as they would in Go. */
class GoRegexTest {

    @Test
    void goNamedGroupsBecomeNumberedGroupsWithTheirNames() {
        GoRegex regex = GoRegex.compile("^(?P<http_protocol>[a-z]+)://(?:www\\.)?(?P<domain>[^/]+)(/.*)?$");
        assertThat(regex.groupNames()).containsExactly("http_protocol", "domain", "");
        assertThat(regex.groupIndex("domain")).isEqualTo(2);
        assertThat(regex.groupIndex("missing")).isEqualTo(-1);
        var matcher = regex.pattern().matcher("https://www.example.com/a");
        assertThat(matcher.matches()).isTrue();
        assertThat(matcher.group(regex.groupIndex("http_protocol"))).isEqualTo("https");
        assertThat(matcher.group(2)).isEqualTo("example.com");
    }

    @Test
    void anchoredMatchesWholeTextUnanchoredAnywhere() {
        assertThat(GoRegex.compileAnchored("go_.*").matches("go_gc")).isTrue();
        assertThat(GoRegex.compileAnchored("go_.*").matches("x_go_gc")).isFalse();
        assertThat(GoRegex.compileAnchored("a|b").matches("b")).isTrue(); // (?s:a|b), not ^a|b$
        assertThat(GoRegex.compile("go_").matches("x_go_gc")).isTrue();
        // Prometheus anchors with (?s:...): '.' matches a newline there.
        assertThat(GoRegex.compileAnchored("a.b").matches("a\nb")).isTrue();
        assertThat(GoRegex.compile("^a.b$").matches("a\nb")).isFalse();
    }

    @Test
    void dollarIsEndOfTextAsInGo() {
        // Java's $ also matches before a final newline; Go's does not.
        assertThat(GoRegex.compile("^abc$").matches("abc\n")).isFalse();
        assertThat(GoRegex.compile("(?m)^abc$").matches("abc\nx")).isTrue();
        assertThat(GoRegex.compile("[$]").matches("a$b")).isTrue();
        assertThat(GoRegex.compile("\\$").matches("a$b")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "'[[:alpha:]]+', abc, true",
        "'^[[:digit:]]+$', 123, true",
        "'^[[:^digit:]]+$', 123, false",
        "'^[[:word:]]+$', a_1, true",
        "'^[a[]+$', '[a[', true",
        "'^[a&&b]+$', '&a', true",
        "'^[]a]+$', ']a', true",
        "'\\Q.*\\E', 'x.*y', true",
        "'(?i)GO_', go_gc, true"
    })
    void classesAndFlagsMeanWhatTheyMeanInGo(String regex, String text, boolean matches) {
        assertThat(GoRegex.compile(regex).matches(text)).isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(unclosed", "a(?=b)", "(?<!a)b", "(a)\\1", "[[:nope:]]", "(?P<a-b>x)", "a\\"})
    void rejectsWhatRe2Rejects(String regex) {
        assertThatThrownBy(() -> GoRegex.compile(regex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ungreedyFlagMeansWhatItMeansInGo() {
        // Go's regexp/syntax accepts (?U): quantifiers become lazy (the hand-written translation
        // to java.util.regex rejected it, where U means Unicode case).
        var matcher = GoRegex.compile("(?U)(a+)").pattern().matcher("aaa");
        assertThat(matcher.find()).isTrue();
        assertThat(matcher.group(1)).isEqualTo("a");
    }

    @Test
    void anchoringCannotBeEscapedByTheExpression() {
        assertThatThrownBy(() -> GoRegex.compileAnchored("a)|(b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(GoRegex.compileAnchored("(a)|b").groupNames()).containsExactly("");
    }

    @Test
    void equalityIsBySourceAndAnchoring() {
        assertThat(GoRegex.compile("a+")).isEqualTo(GoRegex.compile("a+")).hasSameHashCodeAs(GoRegex.compile("a+"));
        assertThat(GoRegex.compile("a+")).isNotEqualTo(GoRegex.compileAnchored("a+"));
        assertThat(GoRegex.compile("a+")).hasToString("a+");
    }
}

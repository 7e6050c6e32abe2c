package io.github.otelflink.job.ottl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The syntax tree for every construct, rendered fully parenthesised. */
class ParserTest {

    private static String statement(String source) {
        return Parser.parseStatement(source).toString();
    }

    private static String condition(String source) {
        return Parser.parseCondition(source).toString();
    }

    @Test
    void blueprintStatementsParse() {
        assertThat(statement("set(name, \"otel_\" + name) where name matches \"^(http_requests|cpu_usage|memory_usage).*\""))
                .isEqualTo("set(name, (+ \"otel_\" name)) where (matches name \"^(http_requests|cpu_usage|memory_usage).*\")");
        assertThat(statement("set(attributes[\"source\"], \"opentelemetry\")"))
                .isEqualTo("set(attributes[\"source\"], \"opentelemetry\")");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // literals
        "\"a\\\"b\\\\c\"              | \"a\\\"b\\\\c\"",
        "1                             | 1",
        "-42                           | -42",
        "+7                            | 7",
        "1.5                           | 1.5",
        "-.5                           | -0.5",
        "2e3                           | 2000.0",
        "true                          | true",
        "false                         | false",
        "nil                           | nil",
        "0x0aFF                        | 0x0aff",
        "[]                            | []",
        "[1, \"a\", name, [true]]      | [1, \"a\", name, [true]]",
        "-9223372036854775808          | -9223372036854775808",
        // paths
        "name                          | name",
        "metric.name                   | metric.name",
        "attributes[\"k\"]             | attributes[\"k\"]",
        "resource.attributes[\"k\"][0] | resource.attributes[\"k\"][0]",
        "instrumentation_scope.version | instrumentation_scope.version",
        // enums and converters
        "METRIC_DATA_TYPE_SUM          | METRIC_DATA_TYPE_SUM",
        "Split(name, \"_\")[1]         | Split(name, \"_\")[1]",
        "Concat([\"a\", name], \"-\")  | Concat([\"a\", name], \"-\")",
        "IsMatch()                     | IsMatch()",
        // math: * / before + -, left-associative, parentheses group
        "1 + 2 * 3                     | (+ 1 (* 2 3))",
        "1 - 2 - 3                     | (- (- 1 2) 3)",
        "(1 + 2) * 3                   | (* (+ 1 2) 3)",
        "value_int / 2 - 1             | (- (/ value_int 2) 1)",
        "\"a\" + name + \"b\"          | (+ (+ \"a\" name) \"b\")",
    })
    void values(String source, String tree) {
        assertThat(Parser.parseStatement("set(x, " + source + ")").editor().args().get(1).toString()).isEqualTo(tree);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a == 1                               | (== a 1)",
        "a != 1                               | (!= a 1)",
        "a < 1                                | (< a 1)",
        "a <= 1                               | (<= a 1)",
        "a > 1                                | (> a 1)",
        "a >= 1                               | (>= a 1)",
        "a + 1 > b * 2                        | (> (+ a 1) (* b 2))",
        "name matches \"^a\"                  | (matches name \"^a\")",
        // not > and > or
        "a == 1 or b == 2 and c == 3          | (or (== a 1) (and (== b 2) (== c 3)))",
        "a == 1 and b == 2 or c == 3          | (or (and (== a 1) (== b 2)) (== c 3))",
        "not a == 1 and b == 2                | (and (not (== a 1)) (== b 2))",
        "not a == 1 or not b == 2             | (or (not (== a 1)) (not (== b 2)))",
        "not (a == 1 or b == 2)               | (not (or (== a 1) (== b 2)))",
        "(a == 1 or b == 2) and c == 3        | (and (or (== a 1) (== b 2)) (== c 3))",
        "a == 1 or b == 2 or c == 3           | (or (== a 1) (== b 2) (== c 3))",
        "not not true                         | (not (not true))",
        "IsMatch(name, \"x\") and true        | (and IsMatch(name, \"x\") true)",
        "(value_int + 1) * 2 == 4             | (== (* (+ value_int 1) 2) 4)",
        "attributes[\"a\"] == nil             | (== attributes[\"a\"] nil)",
    })
    void conditions(String source, String tree) {
        assertThat(condition(source)).isEqualTo(tree);
    }

    @Test
    void whitespaceAndNewlinesAreInsignificant() {
        assertThat(statement("  set (\n  name ,\t\"x\" )\n  where\n name == \"y\"  "))
                .isEqualTo("set(name, \"x\") where (== name \"y\")");
    }

    @Test
    void stringEscapesFollowGo() {
        Node.Literal literal = (Node.Literal) Parser.parseStatement("set(x, \"\\t\\x41\\u00e9\\U0001F600\\101\\\\.\")")
                .editor().args().get(1);
        assertThat(literal.value()).isEqualTo("\tA\u00e9\uD83D\uDE00A\\.");
    }

    @Test
    void keywordsAreNotPaths() {
        assertThat(statement("set(name, nil) where true")).isEqualTo("set(name, nil) where true");
    }
}

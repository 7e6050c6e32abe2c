package io.github.otelflink.job.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.otelflink.job.processor.ErrorMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every start-up error, with its exact position and message. */
class CompileErrorTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // syntax
        "metric    | set(name,1 where name == \"a\")      | 1:12: expected ')' but found 'where'",
        "metric    | set(name, \"a\"                       | 1:14: expected ')' but found end of input",
        "metric    | set(name, \"a\") name                 | 1:16: expected end of input but found 'name'",
        "metric    | set(name, \"a\") where                | 1:21: expected a value but found end of input",
        "metric    | set(name, \"a\") where name ==        | 1:29: expected a value but found end of input",
        "metric    | set(name, \"a\") where name == \"a\" == \"b\" | 1:34: expected end of input but found '=='",
        "metric    | set(name, \"abc)                      | 1:11: unterminated string",
        "metric    | set(name, \"a\\.b\")                  | 1:13: unknown escape sequence '\\.' (write '\\\\.' for a backslash, as regular expressions need)",
        "metric    | set(name, \"a\") where name = \"b\"   | 1:27: unexpected '='; use '==' to compare (named arguments are not supported)",
        "metric    | set(name, \"a\") where !true          | 1:22: unexpected '!'; use 'not' to negate or '!=' to compare",
        "metric    | set(name, #)                          | 1:11: unexpected character '#'",
        "metric    | set(name, 12abc)                      | 1:11: invalid number '12a'",
        "metric    | set(name, 99999999999999999999)       | 1:11: integer 99999999999999999999 does not fit in 64 bits",
        "metric    | set(name, -x)                         | 1:12: expected a number after '-' but found 'x'",
        "metric    | set(name, attributes[x])              | 1:22: expected a string or int key but found 'x'",
        "metric    | set(name, [1, 2)                      | 1:16: expected ']' but found ')'",
        "metric    | set(name, Concat.x)                   | 1:17: expected '(' after converter name 'Concat' but found '.'",
        "metric    | name == \"a\"                         | 1:1: expected an editor invocation such as set(...) but found 'name'",
        "metric    | \"set\"                               | 1:1: expected an editor invocation such as set(...) but found string \"set\"",
        "metric    | set(name, \"a\") where and            | 1:22: expected a value but found 'and'",
        // functions
        "metric    | sett(name, \"a\")                     | 1:1: unknown editor 'sett'; supported: set, delete_key, delete_matching_keys, keep_keys, keep_matching_keys, limit, truncate_all, replace_pattern, replace_all_patterns",
        "metric    | set(name, Concatenate([name], \"\")) | 1:11: unknown converter 'Concatenate'; supported: Concat, ConvertCase, IsMatch, Split, Substring",
        "metric    | set(name)                             | 1:1: set expects 2 arguments (target, value) but got 1",
        "metric    | set(name, \"a\", \"b\")               | 1:1: set expects 2 arguments (target, value) but got 3",
        "metric    | set(name, IsMatch(name))              | 1:11: IsMatch expects 2 arguments (target, pattern) but got 1",
        "metric    | Concat([name], \"\")                  | 1:1: expected an editor such as set(...) but found converter 'Concat'; converters can only be used as values",
        "metric    | set(name, set(name, \"a\"))           | 1:11: editor 'set' cannot be used as a value; converters (which return values) start with an uppercase letter",
        "metric    | set(name, Concat(name, \"\"))         | 1:18: Concat's first argument must be a list such as [\"a\", name] but found path 'name'",
        "metric    | set(name, Concat([name], name))       | 1:26: Concat's delimiter must be a string literal but found path 'name'",
        "metric    | set(name, ConvertCase(name, \"title\")) | 1:29: invalid case: title, allowed cases are: lower, upper, snake, camel",
        "metric    | set(name, Substring(name, -1, 2))     | 1:27: invalid start for substring function, -1 cannot be negative",
        "metric    | set(name, Substring(name, 0, 0))      | 1:30: invalid length for substring function, 0 cannot be negative or zero",
        "metric    | set(name, Split(name, 1))             | 1:23: Split's delimiter must be a string literal but found int 1",
        "datapoint | limit(attributes, 1, [\"a\", \"b\"]) | 1:19: invalid limit for limit function, 1 cannot be less than number of priority attributes 2",
        "datapoint | limit(attributes, -1, [])            | 1:19: invalid limit for limit function, -1 cannot be negative",
        "datapoint | truncate_all(attributes, -1)         | 1:26: invalid limit for truncate_all function, -1 cannot be negative",
        "datapoint | keep_keys(attributes, \"a\")        | 1:23: keep_keys's keys must be a list of string literals such as [\"a\", \"b\"] but found string \"a\"",
        "datapoint | delete_key(attributes[\"a\"], \"b\") | 1:12: delete_key needs an attribute map such as attributes or resource.attributes but found path 'attributes[\"a\"]'",
        "datapoint | replace_all_patterns(attributes, \"keys\", \"a\", \"b\") | 1:34: invalid mode keys, must be either 'key' or 'value'",
        "datapoint | replace_pattern(attributes[\"a\"], \"a\", \"b\", SHA256) | 1:1: replace_pattern expects 3 arguments (target, regex, replacement) (the optional function and format arguments are not supported) but got 4",
        "datapoint | replace_pattern(attributes[\"a\"], \"a\", 1) | 1:39: the replacement must be a string but found int 1",
        "metric    | set(\"a\", name)                      | 1:5: set needs a path to write to (such as name or attributes[\"key\"]) but found string \"a\"",
        "metric    | set(type, 1)                          | 1:5: path 'type' cannot be set",
        "datapoint | set(attributes[\"a\"][\"b\"], 1)    | 1:20: setting a nested key is not supported",
        // regexes: RE2's (Go's) own messages (com.google.re2j)
        "metric    | set(name, \"a\") where IsMatch(name, \"(\") | 1:36: invalid regex \"(\": error parsing regexp: missing closing ): `(`",
        "metric    | set(name, \"a\") where name matches \"[a\" | 1:35: invalid regex \"[a\": error parsing regexp: missing closing ]: `[a`",
        "metric    | set(name, \"a\") where name matches name | 1:35: the right side of 'matches' must be a string literal but found path 'name'",
        "datapoint | delete_matching_keys(attributes, \"a(?=b)\") | 1:34: invalid regex \"a(?=b)\": error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
        // paths per context
        "datapoint | set(name, \"a\")                      | 1:5: unknown path 'name' in the datapoint context; did you mean 'metric.name'?",
        "metric    | set(attributes[\"a\"], \"b\")       | 1:5: unknown path 'attributes' in the metric context; 'attributes' is a path of the datapoint context",
        "metric    | set(value_double, 1.0)                | 1:5: unknown path 'value_double' in the metric context; 'value_double' is a path of the datapoint context",
        "metric    | set(datapoint.attributes[\"a\"], \"b\") | 1:5: path 'datapoint.attributes' is not available in the metric context; use it in the datapoint context",
        "resource  | set(attributes[\"a\"], metric.name) | 1:22: path 'metric.name' is not available in the resource context; use it in the metric context",
        "scope     | set(description, \"x\")               | 1:5: unknown path 'description' in the scope context; 'description' is a path of the metric context",
        "metric    | set(nme, \"x\")                       | 1:5: unknown path 'nme' in the metric context",
        "metric    | set(metric.name.x, \"x\")             | 1:5: unknown path 'metric.name.x' in the metric context",
        "metric    | set(name[\"x\"], \"x\")             | 1:9: path 'name' cannot be indexed",
        "metric    | set(name, \"a\") where resource.attributes[0] == 1 | 1:41: attribute keys must be strings",
        "metric    | set(name, \"a\") where METRIC_TYPE_SUM == type | 1:22: unknown enum 'METRIC_TYPE_SUM'",
        // sorts of expressions
        "metric    | set(name, \"a\") where name         | 1:22: expected a condition (a comparison, true, false or a converter returning a boolean) but found path 'name'; compare it, e.g. 'name == true'",
        "metric    | set(name, \"a\") where 1 + 1        | 1:24: expected a condition (a comparison, true, false or a converter returning a boolean) but found a math expression",
        "metric    | set(name, \"a\") where Concat([name], \"\") | 1:22: converter 'Concat' returns a string, not a boolean",
        "metric    | set(name, name == \"a\")             | 1:16: a condition cannot be used as a value: found a comparison",
        "metric    | set(name, \"a\" * 2)                 | 1:15: unsupported operand types for '*': string and int",
        "metric    | set(name, 1 / 0)                      | 1:13: attempted to divide by zero",
        "metric    | set(name, 1 + 2.0)                    | 1:13: cannot mix int and double in a math expression (int + double)",
    })
    void errors(String context, String source, String expected) {
        assertThatThrownBy(() -> OttlStatement.compile(OttlContext.fromConfigName(context), source))
                .isInstanceOf(OttlCompileException.class)
                .satisfies(e -> {
                    OttlCompileException error = (OttlCompileException) e;
                    assertThat(error.line() + ":" + error.column() + ": " + error.reason()).startsWith(expected);
                });
    }

    @Test
    void messageHasPositionReasonAndCaretExcerpt() {
        OttlCompileException error = compileError(OttlContext.METRIC, "set(name,1 where name == \"a\")");
        assertThat(error.getMessage()).isEqualTo(
                "1:12: expected ')' but found 'where'\n"
                        + "  set(name,1 where name == \"a\")\n"
                        + "             ^");
        assertThat(error.describe("transform.metric_statements[0].statements[1]")).startsWith(
                "transform.metric_statements[0].statements[1]: 1:12: expected ')' but found 'where'\n");
    }

    @Test
    void positionsCountLinesAndColumnsFromOne() {
        OttlCompileException error = compileError(OttlContext.DATAPOINT,
                "set(attributes[\"a\"], \"b\")\n  where\n    name == \"x\"");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(5);
        assertThat(error.excerpt()).isEqualTo("      name == \"x\"\n      ^");
    }

    @Test
    void conditionErrors() {
        assertThatThrownBy(() -> OttlCondition.compile(OttlContext.METRIC, "name == \"a\" and"))
                .isInstanceOf(OttlCompileException.class)
                .hasMessageStartingWith("1:16: expected a value but found end of input");
        assertThatThrownBy(() -> OttlCondition.compile(OttlContext.DATAPOINT, "value_double > 1 and name == \"a\""))
                .hasMessageStartingWith("1:22: unknown path 'name' in the datapoint context; did you mean 'metric.name'?");
    }

    @Test
    void contextAndErrorModeNames() {
        assertThat(OttlContext.fromConfigName("DataPoint")).isEqualTo(OttlContext.DATAPOINT);
        assertThatThrownBy(() -> OttlContext.fromConfigName("span"))
                .hasMessage("unknown context 'span'; expected one of resource, scope, metric, datapoint");
        assertThat(ErrorMode.fromConfigName("ignore")).isEqualTo(ErrorMode.IGNORE);
        assertThatThrownBy(() -> ErrorMode.fromConfigName("loud"))
                .hasMessage("unknown error_mode 'loud'; expected one of ignore, silent, propagate");
    }

    private static OttlCompileException compileError(OttlContext context, String source) {
        try {
            OttlStatement.compile(context, source);
        } catch (OttlCompileException e) {
            return e;
        }
        throw new AssertionError("expected a compile error for " + source);
    }
}

package io.github.otelflink.job.ottl;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The syntax tree of a statement or condition. {@code toString()} renders a fully
 * parenthesised form ({@code (and (== a 1) (not b))}) used by the parser tests.
 */
sealed interface Node {

    /** 1-based position of a node: where it starts in the text. */
    record Pos(int line, int column) {
        static Pos of(Token token) {
            return new Pos(token.line(), token.column());
        }
    }

    Pos pos();

    /** A string, Long, Double, Boolean, byte[] or null ({@code nil}). */
    record Literal(Pos pos, Object value) implements Node {
        @Override
        public String toString() {
            return render(value);
        }
    }

    record ListLiteral(Pos pos, List<Node> elements) implements Node {
        @Override
        public String toString() {
            return elements.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** {@code [\"key\"]} or {@code [0]} after a path or converter. */
    record Key(Pos pos, Object key) implements Node {
        @Override
        public String toString() {
            return "[" + render(key) + "]";
        }
    }

    record PathRef(Pos pos, List<String> segments, List<Key> keys) implements Node {
        String dotted() {
            return String.join(".", segments);
        }

        @Override
        public String toString() {
            return dotted() + keys.stream().map(Object::toString).collect(Collectors.joining());
        }
    }

    record EnumRef(Pos pos, String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An editor ({@code set(...)}) or converter ({@code Concat(...)}) invocation. */
    record Call(Pos pos, String name, List<Node> args, List<Key> keys) implements Node {
        boolean isConverter() {
            return Character.isUpperCase(name.charAt(0));
        }

        @Override
        public String toString() {
            return name + args.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"))
                    + keys.stream().map(Object::toString).collect(Collectors.joining());
        }
    }

    /** {@code + - * /}. */
    record Arithmetic(Pos pos, char op, Node left, Node right) implements Node {
        @Override
        public String toString() {
            return "(" + op + " " + left + " " + right + ")";
        }
    }

    record Comparison(Pos pos, CompareOp op, Node left, Node right) implements Node {
        @Override
        public String toString() {
            return "(" + op.symbol() + " " + left + " " + right + ")";
        }
    }

    /** The {@code x matches "re"} extension. */
    record Matches(Pos pos, Node left, Node pattern) implements Node {
        @Override
        public String toString() {
            return "(matches " + left + " " + pattern + ")";
        }
    }

    record And(Pos pos, List<Node> operands) implements Node {
        @Override
        public String toString() {
            return operands.stream().map(Object::toString).collect(Collectors.joining(" ", "(and ", ")"));
        }
    }

    record Or(Pos pos, List<Node> operands) implements Node {
        @Override
        public String toString() {
            return operands.stream().map(Object::toString).collect(Collectors.joining(" ", "(or ", ")"));
        }
    }

    record Not(Pos pos, Node operand) implements Node {
        @Override
        public String toString() {
            return "(not " + operand + ")";
        }
    }

    /** A whole statement: one editor invocation and an optional {@code where} condition. */
    record Statement(Call editor, Node condition) {
        @Override
        public String toString() {
            return condition == null ? editor.toString() : editor + " where " + condition;
        }
    }

    private static String render(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("0x");
            for (byte b : bytes) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
        if (value instanceof List<?> list) {
            return Arrays.toString(list.toArray());
        }
        return value.toString();
    }
}

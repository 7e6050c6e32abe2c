package io.github.otelflink.job.ottl;

/**
 * A statement or condition that cannot be compiled: a syntax error, an unknown function or
 * path, a wrong argument, an invalid regular expression. Carries the 1-based line and column
 * of the problem in the statement text.
 *
 * <p>{@link #getMessage()} reads {@code 1:12: expected ')' but found 'where'} followed by the
 * offending line and a caret under the column; the caller prefixes the configuration path,
 * e.g. with {@link #describe(String)}.
 */
public final class OttlCompileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    OttlCompileException(String source, int line, int column, String reason) {
        super(line + ":" + column + ": " + reason + "\n" + excerpt(source, line, column));
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The statement or condition text. */
    public String source() {
        return source;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem (in UTF-16 chars). */
    public int column() {
        return column;
    }

    /** What is wrong, without position, e.g. {@code expected ')' but found 'where'}. */
    public String reason() {
        return reason;
    }

    /** The offending line, indented by two spaces, and a caret under the column. */
    public String excerpt() {
        return excerpt(source, line, column);
    }

    /** {@code configPath: line:column: reason} followed by the excerpt. */
    public String describe(String configPath) {
        return configPath + ": " + getMessage();
    }

    private static String excerpt(String source, int line, int column) {
        String[] lines = source.split("\r\n|\r|\n", -1);
        String text = line - 1 < lines.length ? lines[line - 1] : "";
        StringBuilder caret = new StringBuilder("  ");
        for (int i = 0; i < column - 1 && i < text.length(); i++) {
            caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        for (int i = text.length(); i < column - 1; i++) {
            caret.append(' ');
        }
        return "  " + text + "\n" + caret + "^";
    }
}

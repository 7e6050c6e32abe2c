package io.github.otelflink.job.ottl;

/** A lexical token with its 1-based position. */
record Token(Kind kind, String text, Object value, int line, int column) {

    enum Kind {
        IDENT, STRING, INT, FLOAT, BYTES,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH,
        EOF
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENT && text.equals(keyword);
    }

    /** How the token reads in an error message. */
    String describe() {
        switch (kind) {
            case EOF:
                return "end of input";
            case STRING:
                return "string " + (text.length() > 32 ? text.substring(0, 29) + "...\"" : text);
            default:
                return "'" + text + "'";
        }
    }
}

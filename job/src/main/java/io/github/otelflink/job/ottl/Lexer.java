package io.github.otelflink.job.ottl;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits statement text into tokens. Strings use Go's escapes (as OTTL, which unquotes them
 * with Go's {@code strconv}); numbers are unsigned here, the parser applies a sign.
 */
final class Lexer {

    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        Lexer lexer = new Lexer(src);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (!token.is(Token.Kind.EOF));
        return tokens;
    }

    private Token next() {
        skipWhitespace();
        int start = pos;
        int column = column(start);
        if (pos >= src.length()) {
            return new Token(Token.Kind.EOF, "", null, line, column);
        }
        char c = src.charAt(pos);
        if (c == '"') {
            return string(column);
        }
        if (c == '0' && pos + 1 < src.length() && (src.charAt(pos + 1) == 'x' || src.charAt(pos + 1) == 'X')) {
            return bytes(column);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
            return number(column);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return token(Token.Kind.IDENT, start, column);
        }
        pos++;
        switch (c) {
            case '(':
                return token(Token.Kind.LPAREN, start, column);
            case ')':
                return token(Token.Kind.RPAREN, start, column);
            case '[':
                return token(Token.Kind.LBRACKET, start, column);
            case ']':
                return token(Token.Kind.RBRACKET, start, column);
            case ',':
                return token(Token.Kind.COMMA, start, column);
            case '.':
                return token(Token.Kind.DOT, start, column);
            case '+':
                return token(Token.Kind.PLUS, start, column);
            case '-':
                return token(Token.Kind.MINUS, start, column);
            case '*':
                return token(Token.Kind.STAR, start, column);
            case '/':
                return token(Token.Kind.SLASH, start, column);
            case '=':
                if (accept('=')) {
                    return token(Token.Kind.EQ, start, column);
                }
                throw error(column, "unexpected '='; use '==' to compare (named arguments are not supported)");
            case '!':
                if (accept('=')) {
                    return token(Token.Kind.NE, start, column);
                }
                throw error(column, "unexpected '!'; use 'not' to negate or '!=' to compare");
            case '<':
                return token(accept('=') ? Token.Kind.LE : Token.Kind.LT, start, column);
            case '>':
                return token(accept('=') ? Token.Kind.GE : Token.Kind.GT, start, column);
            default:
                throw error(column, "unexpected character '" + new String(Character.toChars(src.codePointAt(start))) + "'");
        }
    }

    private Token string(int column) {
        int start = pos;
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error(column, "unterminated string");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Token.Kind.STRING, src.substring(start, pos), value.toString(), line, column);
            }
            if (c == '\n' || c == '\r') {
                throw error(column, "unterminated string (strings cannot span lines)");
            }
            if (c == '\\') {
                escape(value);
            } else {
                value.append(c);
                pos++;
            }
        }
    }

    /** Go's escapes: {@code \a \b \f \n \r \t \v \\ \" \xHH \ooo \\uHHHH \UHHHHHHHH}. */
    private void escape(StringBuilder value) {
        int column = column(pos);
        if (pos + 1 >= src.length()) {
            throw error(column, "unterminated string");
        }
        char e = src.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case 'a': value.append('\u0007'); return;
            case 'b': value.append('\b'); return;
            case 'f': value.append('\f'); return;
            case 'n': value.append('\n'); return;
            case 'r': value.append('\r'); return;
            case 't': value.append('\t'); return;
            case 'v': value.append('\u000b'); return;
            case '\\': value.append('\\'); return;
            case '"': value.append('"'); return;
            case 'x':
                value.append((char) hex(2, column));
                return;
            case 'u':
                value.appendCodePoint(codePoint(hex(4, column), column));
                return;
            case 'U':
                value.appendCodePoint(codePoint(hex(8, column), column));
                return;
            default:
                if (e >= '0' && e <= '7') {
                    pos--;
                    int octal = 0;
                    for (int i = 0; i < 3; i++) {
                        char d = pos < src.length() ? src.charAt(pos) : 0;
                        if (d < '0' || d > '7') {
                            throw error(column, "invalid octal escape; expected three octal digits");
                        }
                        octal = octal * 8 + (d - '0');
                        pos++;
                    }
                    if (octal > 255) {
                        throw error(column, "octal escape value > 255");
                    }
                    value.append((char) octal);
                    return;
                }
                throw error(column, "unknown escape sequence '\\" + e
                        + "' (write '\\\\" + e + "' for a backslash, as regular expressions need)");
        }
    }

    private int hex(int digits, int column) {
        if (pos + digits > src.length()) {
            throw error(column, "invalid escape; expected " + digits + " hex digits");
        }
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(src.charAt(pos + i), 16);
            if (d < 0) {
                throw error(column, "invalid escape; expected " + digits + " hex digits");
            }
            value = value * 16 + d;
        }
        pos += digits;
        return value;
    }

    private int codePoint(int value, int column) {
        if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
            throw error(column, "escape is not a valid Unicode code point");
        }
        return value;
    }

    private Token number(int column) {
        int start = pos;
        boolean isFloat = false;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && isDigit(src.charAt(pos))) {
                isFloat = true;
                while (pos < src.length() && isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error(column, "invalid number '" + src.substring(start, pos + 1) + "'");
        }
        String text = src.substring(start, pos);
        if (isFloat) {
            return new Token(Token.Kind.FLOAT, text, Double.parseDouble(text), line, column);
        }
        // Kept as BigInteger: the parser applies the sign, and -9223372036854775808 must fit.
        return new Token(Token.Kind.INT, text, new BigInteger(text), line, column);
    }

    private Token bytes(int column) {
        int start = pos;
        pos += 2;
        while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
            pos++;
        }
        String hex = src.substring(start + 2, pos);
        if (hex.isEmpty() || hex.length() % 2 != 0) {
            throw error(column, "byte slice literal needs an even, non-zero number of hex digits");
        }
        byte[] value = new byte[hex.length() / 2];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new Token(Token.Kind.BYTES, src.substring(start, pos), value, line, column);
    }

    private void skipWhitespace() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c == '\r') {
                if (pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                    pos++;
                }
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private boolean accept(char c) {
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Token token(Token.Kind kind, int start, int column) {
        return new Token(kind, src.substring(start, pos), null, line, column);
    }

    private int column(int offset) {
        return offset - lineStart + 1;
    }

    private OttlCompileException error(int column, String reason) {
        return new OttlCompileException(src, line, column, reason);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

package io.github.otelflink.job.ottl;

import io.github.otelflink.job.ottl.Node.Pos;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written recursive-descent parser for the OTTL subset.
 *
 * <pre>
 * statement   := IDENT '(' [expr (',' expr)*] ')' ['where' expr] EOF
 * condition   := expr EOF
 * expr        := and ('or' and)*
 * and         := not ('and' not)*
 * not         := 'not' not | comparison
 * comparison  := sum [('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | 'matches') sum]
 * sum         := product (('+' | '-') product)*
 * product     := unary (('*' | '/') unary)*
 * unary       := ('-' | '+') (INT | FLOAT) | primary
 * primary     := STRING | INT | FLOAT | BYTES | 'true' | 'false' | 'nil'
 *              | '[' [expr (',' expr)*] ']' | '(' expr ')'
 *              | IDENT '(' [expr (',' expr)*] ')' key*      (editor or converter)
 *              | UPPER_IDENT                                 (enum)
 *              | IDENT ('.' IDENT)* key*                     (path)
 * key         := '[' (STRING | INT) ']'
 * </pre>
 *
 * {@code matches} (infix regex match, equivalent to {@code IsMatch}) and {@code +} on strings
 * are extensions to OTTL; see {@link OttlStatement}.
 *
 * <p>Boolean and value expressions share one grammar; the compiler checks that each operand is
 * of the right sort, which keeps {@code (a + b) == c} and {@code (x or y)} both parseable.
 * Precedence, loosest first: {@code or}, {@code and}, {@code not}, comparisons,
 * {@code + -}, {@code * /}.
 */
final class Parser {

    private final String source;
    private final List<Token> tokens;
    private int index;

    private Parser(String source) {
        this.source = source;
        this.tokens = Lexer.tokenize(source);
    }

    static Node.Statement parseStatement(String source) {
        Parser parser = new Parser(source);
        Token first = parser.peek();
        if (!first.is(Token.Kind.IDENT) || !parser.peekAt(1).is(Token.Kind.LPAREN)) {
            throw parser.error(first, "expected an editor invocation such as set(...) but found " + first.describe());
        }
        Node.Call editor = (Node.Call) parser.primary();
        Node condition = null;
        if (parser.peek().isKeyword("where")) {
            parser.index++;
            condition = parser.expression();
        }
        parser.expectEnd();
        return new Node.Statement(editor, condition);
    }

    static Node parseCondition(String source) {
        Parser parser = new Parser(source);
        Node condition = parser.expression();
        parser.expectEnd();
        return condition;
    }

    private Node expression() {
        Node first = and();
        if (!peek().isKeyword("or")) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(first);
        while (peek().isKeyword("or")) {
            index++;
            operands.add(and());
        }
        return new Node.Or(first.pos(), operands);
    }

    private Node and() {
        Node first = not();
        if (!peek().isKeyword("and")) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(first);
        while (peek().isKeyword("and")) {
            index++;
            operands.add(not());
        }
        return new Node.And(first.pos(), operands);
    }

    private Node not() {
        Token token = peek();
        if (token.isKeyword("not")) {
            index++;
            return new Node.Not(Pos.of(token), not());
        }
        return comparison();
    }

    private Node comparison() {
        Node left = sum();
        Token op = peek();
        CompareOp compareOp = compareOp(op);
        if (compareOp != null) {
            index++;
            return new Node.Comparison(Pos.of(op), compareOp, left, sum());
        }
        if (op.isKeyword("matches")) {
            index++;
            return new Node.Matches(Pos.of(op), left, sum());
        }
        return left;
    }

    private Node sum() {
        Node left = product();
        while (peek().is(Token.Kind.PLUS) || peek().is(Token.Kind.MINUS)) {
            Token op = next();
            left = new Node.Arithmetic(Pos.of(op), op.text().charAt(0), left, product());
        }
        return left;
    }

    private Node product() {
        Node left = unary();
        while (peek().is(Token.Kind.STAR) || peek().is(Token.Kind.SLASH)) {
            Token op = next();
            left = new Node.Arithmetic(Pos.of(op), op.text().charAt(0), left, unary());
        }
        return left;
    }

    private Node unary() {
        Token token = peek();
        if (token.is(Token.Kind.MINUS) || token.is(Token.Kind.PLUS)) {
            index++;
            Token number = peek();
            boolean negative = token.is(Token.Kind.MINUS);
            if (number.is(Token.Kind.INT)) {
                index++;
                BigInteger value = (BigInteger) number.value();
                return new Node.Literal(Pos.of(token), toLong(negative ? value.negate() : value, token));
            }
            if (number.is(Token.Kind.FLOAT)) {
                index++;
                double value = (Double) number.value();
                return new Node.Literal(Pos.of(token), negative ? -value : value);
            }
            throw error(number, "expected a number after '" + token.text() + "' but found " + number.describe());
        }
        return primary();
    }

    private Node primary() {
        Token token = next();
        Pos pos = Pos.of(token);
        switch (token.kind()) {
            case STRING:
            case FLOAT:
            case BYTES:
                return new Node.Literal(pos, token.value());
            case INT:
                return new Node.Literal(pos, toLong((BigInteger) token.value(), token));
            case LBRACKET:
                return new Node.ListLiteral(pos, list(Token.Kind.RBRACKET, "]"));
            case LPAREN: {
                Node inner = expression();
                expect(Token.Kind.RPAREN, ")");
                return inner;
            }
            case IDENT:
                return identifier(token, pos);
            default:
                throw error(token, "expected a value but found " + token.describe());
        }
    }

    private Node identifier(Token token, Pos pos) {
        String name = token.text();
        if (peek().is(Token.Kind.LPAREN)) {
            index++;
            List<Node> args = list(Token.Kind.RPAREN, ")");
            return new Node.Call(pos, name, args, keys());
        }
        switch (name) {
            case "true":
                return new Node.Literal(pos, Boolean.TRUE);
            case "false":
                return new Node.Literal(pos, Boolean.FALSE);
            case "nil":
                return new Node.Literal(pos, null);
            case "where":
            case "and":
            case "or":
            case "not":
            case "matches":
                throw error(token, "expected a value but found " + token.describe());
            default:
                break;
        }
        if (Character.isUpperCase(name.charAt(0))) {
            if (peek().is(Token.Kind.DOT) || peek().is(Token.Kind.LBRACKET)) {
                throw error(peek(), "expected '(' after converter name " + token.describe() + " but found " + peek().describe());
            }
            return new Node.EnumRef(pos, name);
        }
        List<String> segments = new ArrayList<>();
        segments.add(name);
        while (peek().is(Token.Kind.DOT)) {
            index++;
            Token segment = next();
            if (!segment.is(Token.Kind.IDENT)) {
                throw error(segment, "expected a field name after '.' but found " + segment.describe());
            }
            segments.add(segment.text());
        }
        return new Node.PathRef(pos, segments, keys());
    }

    private List<Node.Key> keys() {
        List<Node.Key> keys = new ArrayList<>();
        while (peek().is(Token.Kind.LBRACKET)) {
            Token open = next();
            Token key = next();
            if (key.is(Token.Kind.STRING)) {
                keys.add(new Node.Key(Pos.of(open), key.value()));
            } else if (key.is(Token.Kind.INT)) {
                keys.add(new Node.Key(Pos.of(open), toLong((BigInteger) key.value(), key)));
            } else {
                throw error(key, "expected a string or int key but found " + key.describe());
            }
            expect(Token.Kind.RBRACKET, "]");
        }
        return keys;
    }

    /** Comma-separated expressions up to {@code close}, which is consumed. */
    private List<Node> list(Token.Kind close, String closeText) {
        List<Node> items = new ArrayList<>();
        if (peek().is(close)) {
            index++;
            return items;
        }
        while (true) {
            items.add(expression());
            Token token = peek();
            if (token.is(Token.Kind.COMMA)) {
                index++;
                continue;
            }
            expect(close, closeText);
            return items;
        }
    }

    private void expect(Token.Kind kind, String text) {
        Token token = peek();
        if (!token.is(kind)) {
            throw error(token, "expected '" + text + "' but found " + token.describe());
        }
        index++;
    }

    private void expectEnd() {
        Token token = peek();
        if (!token.is(Token.Kind.EOF)) {
            throw error(token, "expected end of input but found " + token.describe());
        }
    }

    private long toLong(BigInteger value, Token token) {
        if (value.bitLength() > 63) {
            throw error(token, "integer " + value + " does not fit in 64 bits");
        }
        return value.longValue();
    }

    private static CompareOp compareOp(Token token) {
        switch (token.kind()) {
            case EQ: return CompareOp.EQ;
            case NE: return CompareOp.NE;
            case LT: return CompareOp.LT;
            case LE: return CompareOp.LE;
            case GT: return CompareOp.GT;
            case GE: return CompareOp.GE;
            default: return null;
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(index);
        if (!token.is(Token.Kind.EOF)) {
            index++;
        }
        return token;
    }

    private OttlCompileException error(Token token, String reason) {
        return new OttlCompileException(source, token.line(), token.column(), reason);
    }
}

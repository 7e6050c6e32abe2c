package io.github.otelflink.connectors.scrape;

/** The scraped text is not valid Prometheus text exposition format; {@link #line()} is 1-based. */
public final class ScrapeParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    public ScrapeParseException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line number of the offending line. */
    public int line() {
        return line;
    }
}

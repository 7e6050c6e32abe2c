package io.github.otelflink.connectors.otlp;

/**
 * Answers one export request. Called exactly once, from any thread; implementations hand the
 * answer to their transport's own thread.
 */
@FunctionalInterface
interface ExportResponder {
    void respond(ExportOutcome outcome);
}

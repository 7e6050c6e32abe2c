package io.github.otelflink.job.ottl;

/** A compiled editor invocation: what a statement does when its condition holds. */
@FunctionalInterface
interface EditorAction {
    void run(TransformContext ctx);
}

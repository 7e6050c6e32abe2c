package io.github.otelflink.job.ottl;

/** A compiled boolean expression. */
@FunctionalInterface
interface Cond {
    boolean test(TransformContext ctx);
}

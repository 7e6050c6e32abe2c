package io.github.otelflink.job.ottl;

/** A path that can be written: a field, an attribute, or a whole attribute map. */
interface Target extends Expr {

    /** Writes a non-null value; values of a type the target cannot hold are ignored, as in OTTL. */
    void set(TransformContext ctx, Object value);
}

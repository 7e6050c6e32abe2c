package io.github.otelflink.job.processor.resource;

/**
 * A {@link ResourceAction} that the Collector's attribute-action code would reject.
 * {@link #getMessage()} is {@code "<field>: <detail>"}, for example
 * {@code "key: required for the upsert action"}, so a caller prefixes only the path of the
 * action ({@code "processors.resource.attributes[0]."}).
 */
public final class ResourceActionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String detail;

    public ResourceActionException(String field, String detail) {
        super(field + ": " + detail);
        this.field = field;
        this.detail = detail;
    }

    /** The configuration field at fault: {@code key}, {@code value}, {@code pattern}, ... */
    public String field() {
        return field;
    }

    /** What is wrong, without the field name. */
    public String detail() {
        return detail;
    }
}

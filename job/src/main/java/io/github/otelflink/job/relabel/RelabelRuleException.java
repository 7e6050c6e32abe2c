package io.github.otelflink.job.relabel;

/**
 * A {@link RelabelRule} that Prometheus would reject. {@link #getMessage()} is
 * {@code "<field>: <detail>"}, for example {@code "target_label: required for the replace action"},
 * so a caller prefixes only the path of the rule ({@code "...metric_relabels[1]."}).
 */
public final class RelabelRuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String detail;

    public RelabelRuleException(String field, String detail) {
        super(field + ": " + detail);
        this.field = field;
        this.detail = detail;
    }

    /** The configuration field at fault: {@code source_labels}, {@code regex}, {@code target_label}, ... */
    public String field() {
        return field;
    }

    /** What is wrong, without the field name. */
    public String detail() {
        return detail;
    }
}

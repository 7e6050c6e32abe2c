/**
 * Prometheus relabeling, shared by the {@code prometheusremotewrite} exporter's
 * {@code metric_relabels} and the {@code prometheus} receiver's {@code metric_relabel_configs}:
 * the config records and their parser ({@link io.github.otelflink.job.relabel.RelabelConfig},
 * {@link io.github.otelflink.job.relabel.RelabelConfigParser}), the compiled rules
 * ({@link io.github.otelflink.job.relabel.RelabelRule}) and the
 * {@link io.github.otelflink.job.relabel.Relabeler} that applies them to a series' labels.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.relabel;

import javax.annotation.ParametersAreNonnullByDefault;

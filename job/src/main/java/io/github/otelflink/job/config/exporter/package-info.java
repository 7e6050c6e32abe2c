/** Exporter configs: {@code prometheusremotewrite}, {@code debug}. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.config.exporter;

import javax.annotation.ParametersAreNonnullByDefault;

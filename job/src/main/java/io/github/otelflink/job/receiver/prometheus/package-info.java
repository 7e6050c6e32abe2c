/**
 * The {@code prometheus} receiver: config, parser, the scrape source over its static targets,
 * and its scrape jobs' {@code metric_relabel_configs} ({@link io.github.otelflink.job.receiver.prometheus.ScrapeRelabels}),
 * applied after translation.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.receiver.prometheus;

import javax.annotation.ParametersAreNonnullByDefault;

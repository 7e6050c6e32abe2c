/** The {@code debug} exporter: config, parser and the logging step. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.exporter.debug;

import javax.annotation.ParametersAreNonnullByDefault;

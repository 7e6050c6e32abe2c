/** The {@code filter} processor: config, parser and behaviour (OTTL conditions from {@code ottl/}). */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.processor.filter;

import javax.annotation.ParametersAreNonnullByDefault;

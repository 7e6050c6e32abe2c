/** The {@code resource} processor: config (with its attribute actions), parser and behaviour. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.processor.resource;

import javax.annotation.ParametersAreNonnullByDefault;

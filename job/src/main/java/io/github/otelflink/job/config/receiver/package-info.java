/** Receiver configs: {@code otlp}, {@code kafka}, {@code prometheus}. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.config.receiver;

import javax.annotation.ParametersAreNonnullByDefault;

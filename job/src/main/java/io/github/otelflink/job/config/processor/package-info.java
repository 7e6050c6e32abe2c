/** Processor configs: {@code batch}, {@code memory_limiter}, {@code resource}, {@code transform}, {@code filter}. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.config.processor;

import javax.annotation.ParametersAreNonnullByDefault;

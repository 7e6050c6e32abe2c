/** The {@code memory_limiter} processor: config and parser. Accepted; memory is bounded by Flink's backpressure and the sink's bounded buffer. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.processor.memorylimiter;

import javax.annotation.ParametersAreNonnullByDefault;

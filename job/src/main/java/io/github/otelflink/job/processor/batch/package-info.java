/** The {@code batch} processor: config and parser. Batching is the sink's; its {@code timeout} is the default reorder window of the series state. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.processor.batch;

import javax.annotation.ParametersAreNonnullByDefault;

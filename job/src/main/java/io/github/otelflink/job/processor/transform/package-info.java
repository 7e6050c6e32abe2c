/** The {@code transform} processor: config, parser, and its compilation to OTTL ({@code ottl/}), including the context inference of statements written without one. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.processor.transform;

import javax.annotation.ParametersAreNonnullByDefault;

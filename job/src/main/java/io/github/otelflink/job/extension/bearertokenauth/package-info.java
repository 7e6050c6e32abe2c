/** The {@code bearertokenauth} extension: config and parser. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension.bearertokenauth;

import javax.annotation.ParametersAreNonnullByDefault;

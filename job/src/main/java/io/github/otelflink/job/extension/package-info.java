/** Extensions: only {@code health_check}. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension;

import javax.annotation.ParametersAreNonnullByDefault;

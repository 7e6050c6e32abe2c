/** The {@code headers_setter} extension: config, parser and the request headers it sets. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension.headerssetter;

import javax.annotation.ParametersAreNonnullByDefault;

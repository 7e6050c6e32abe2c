/** The {@code basicauth} extension's client side: config and parser. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension.basicauth;

import javax.annotation.ParametersAreNonnullByDefault;

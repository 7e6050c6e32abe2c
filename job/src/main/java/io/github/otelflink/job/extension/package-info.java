/**
 * Extensions: {@code health_check}, and the client authenticators {@code basicauth},
 * {@code bearertokenauth} and {@code oauth2client} ({@link io.github.otelflink.job.extension.AuthenticatorConfig}).
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension;

import javax.annotation.ParametersAreNonnullByDefault;

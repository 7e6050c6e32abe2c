/**
 * The {@code oauth2client} extension: config, parser, and the client-credentials token source that
 * signs remote-write requests with a cached access token.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension.oauth2client;

import javax.annotation.ParametersAreNonnullByDefault;

package io.github.otelflink.job.extension.oauth2client;

import java.io.IOException;
import java.io.Serializable;

/** Fetches a new access token; shipped to the task managers with the sink. */
@FunctionalInterface
interface TokenSource extends Serializable {

    /** A new token; fails with a message that names the token endpoint and never holds a secret. */
    AccessToken fetch() throws IOException;
}

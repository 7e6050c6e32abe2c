/** The {@code sigv4auth} extension: config, parser and the AWS Signature Version 4 request signer. */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension.sigv4auth;

import javax.annotation.ParametersAreNonnullByDefault;

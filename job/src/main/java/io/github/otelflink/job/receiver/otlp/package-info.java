/** The {@code otlp} receiver: config, parser and the OTLP ingress source (gRPC and HTTP, optional ack on checkpoint). */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.receiver.otlp;

import javax.annotation.ParametersAreNonnullByDefault;

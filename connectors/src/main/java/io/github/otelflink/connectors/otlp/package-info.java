/**
 * The OTLP ingress: a Flink source that is an OTLP/gRPC and OTLP/HTTP metrics receiver. Users
 * touch {@link io.github.otelflink.connectors.otlp.OtlpIngressSource} and its {@link
 * io.github.otelflink.connectors.otlp.OtlpIngressOptions}; the rest is internal.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.connectors.otlp;

import javax.annotation.ParametersAreNonnullByDefault;

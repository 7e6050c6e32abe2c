/** The {@code health_check} extension: config and parser. It is served by the OTLP ingress ({@code receiver/otlp}). */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.extension.healthcheck;

import javax.annotation.ParametersAreNonnullByDefault;

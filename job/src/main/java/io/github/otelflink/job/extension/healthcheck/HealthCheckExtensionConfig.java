package io.github.otelflink.job.extension.healthcheck;

import io.github.otelflink.job.config.ComponentId;

import java.io.Serializable;

/**
 * The {@code health_check} extension (the others are client authenticators): an HTTP endpoint that
 * answers 200 on {@code path} (404 elsewhere) while the job runs. It is served by the OTLP
 * ingress, so only when a pipeline has an {@code otlp} receiver
 * ({@link io.github.otelflink.job.config.PipelineConfig#servesHealthCheck()}); read by
 * {@link HealthCheckExtensionParser}.
 * <pre>
 * extensions:
 *   health_check:
 *     endpoint: 0.0.0.0:13133   # default
 *     path: /                   # default
 * </pre>
 *
 * @param id the extension id
 * @param endpoint {@code host:port} to listen on
 * @param path the HTTP path
 */
public record HealthCheckExtensionConfig(ComponentId id, String endpoint, String path) implements Serializable {

    public static final String DEFAULT_ENDPOINT = "0.0.0.0:13133";
    public static final String DEFAULT_PATH = "/";

    /** What {@code --validate} and the run say when no pipeline has an otlp receiver to serve it. */
    public static final String NOT_SERVED =
            "no health check: it is served with the OTLP ingress, and no pipeline has an otlp receiver";
}

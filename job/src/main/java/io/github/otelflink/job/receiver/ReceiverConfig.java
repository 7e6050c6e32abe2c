package io.github.otelflink.job.receiver;

import io.github.otelflink.job.config.ComponentConfig;

/**
 * The configuration of a receiver: where metrics come into the job. The kinds are those of
 * {@link ReceiverParsers}: {@code otlp}, {@code kafka}, {@code prometheus}. Not sealed: outside a
 * named module a sealed type's permitted kinds must share its package, and each kind has its own
 * ({@code receiver/<type>/}).
 */
public interface ReceiverConfig extends ComponentConfig {}

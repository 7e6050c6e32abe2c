/**
 * Receivers: where metrics come into the job. One package per receiver type ({@code otlp},
 * {@code kafka}, {@code prometheus}), each with its config record, its parser (which owns the
 * defaults) and its adapter to the {@code connectors} module's source. Here: the common
 * {@link io.github.otelflink.job.receiver.ReceiverConfig}, the parsers by type
 * ({@link io.github.otelflink.job.receiver.ReceiverParsers}) and the source factory the pipeline
 * graph uses ({@link io.github.otelflink.job.receiver.ReceiverSources},
 * {@link io.github.otelflink.job.receiver.ConnectorReceiverSources}).
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.receiver;

import javax.annotation.ParametersAreNonnullByDefault;

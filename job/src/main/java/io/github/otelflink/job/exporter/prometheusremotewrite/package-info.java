/**
 * The {@code prometheusremotewrite} exporter: config, parser and the factory of the
 * {@code sink-remotewrite} module's sink ({@link io.github.otelflink.job.exporter.prometheusremotewrite.RemoteWriteSinkFactory}).
 * OTLP to Prometheus translation is in the {@code translate} subpackage; relabeling ({@code relabel/},
 * shared with the {@code prometheus} receiver) and the keyed series state ({@code series/}, whose
 * class names are in checkpoints) are top-level packages; the steps are wired in {@code pipeline/}.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.exporter.prometheusremotewrite;

import javax.annotation.ParametersAreNonnullByDefault;

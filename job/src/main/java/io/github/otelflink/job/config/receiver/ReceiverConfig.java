package io.github.otelflink.job.config.receiver;

import io.github.otelflink.job.config.ComponentConfig;

/** The configuration of a receiver: where metrics come into the job. */
public sealed interface ReceiverConfig extends ComponentConfig
        permits OtlpReceiverConfig, KafkaReceiverConfig, PrometheusReceiverConfig {}

/** The {@code kafka} receiver: config, parser and the Kafka source (OTLP protobuf or JSON records). */
@ParametersAreNonnullByDefault
package io.github.otelflink.job.receiver.kafka;

import javax.annotation.ParametersAreNonnullByDefault;

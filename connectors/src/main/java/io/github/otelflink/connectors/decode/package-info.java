/**
 * Decoding of OTLP metrics payloads (binary protobuf and OTLP/JSON) with error messages that name
 * the bad field, and the data point checks a receiver reports as {@code partial_success}.
 */
@ParametersAreNonnullByDefault
package io.github.otelflink.connectors.decode;

import javax.annotation.ParametersAreNonnullByDefault;

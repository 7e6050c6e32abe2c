package io.github.otelflink.job.exporter.debug;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.otelflink.connectors.UndecodedRequest;
import io.github.otelflink.connectors.decode.OtlpMetricsValidator;
import io.github.otelflink.job.config.ComponentId;
import io.github.otelflink.job.exporter.prometheusremotewrite.translate.WireRequestTranslatorTest;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The {@code basic} debug exporter counts an undecoded request as it counts the decoded one. */
class DebugExporterTest {

    @Test
    void basicCountsUndecodedRequestsWithoutDecodingThem() throws Exception {
        DebugExporter basic = new DebugExporter(new DebugExporterConfig(ComponentId.of("debug"),
                DebugExporterConfig.Verbosity.BASIC, 1, 1));
        for (int seed = 0; seed < 100; seed++) {
            ExportMetricsServiceRequest request = WireRequestTranslatorTest.randomRequest(new Random(seed));
            // A field this version of OTLP does not know, which protobuf carries and the count must skip.
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            request.writeTo(body);
            CodedOutputStream unknown = CodedOutputStream.newInstance(body);
            unknown.writeString(99, "from a newer client");
            unknown.flush();
            long points = OtlpMetricsValidator.countDataPoints(request);
            ExportMetricsServiceRequest undecoded = UndecodedRequest.wrap(body.toByteArray(), points);

            assertThat(DebugExporter.resourceMetrics(undecoded)).as("seed %d", seed).isEqualTo(request.getResourceMetricsCount());
            assertThat(basic.map(undecoded)).isEqualTo(points).isEqualTo(basic.map(request));
        }
    }
}

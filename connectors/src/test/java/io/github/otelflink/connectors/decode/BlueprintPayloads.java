package io.github.otelflink.connectors.decode;

import java.nio.charset.StandardCharsets;

/**
 * The JSON bodies that the blueprint's metrics generator ({@code curl -d "$payload"} in step 5 of
 * the Prometheus remote-write blueprint) sends, with its shell variables filled in.
 */
public final class BlueprintPayloads {

    private BlueprintPayloads() {}

    /** The generator's {@code counter} payload: a cumulative monotonic sum, {@code asInt} as a string. */
    public static byte[] counter(String name, long value, long timeUnixNano, String labels) {
        String json = """
                {
                  "resourceMetrics": [{
                    "resource": {
                      "attributes": [{
                        "key": "service.name",
                        "value": {"stringValue": "metrics-generator"}
                      }, {
                        "key": "host.name",
                        "value": {"stringValue": "metrics-generator-7d4b9c-x2x9q"}
                      }]
                    },
                    "scopeMetrics": [{
                      "metrics": [{
                        "name": "%s",
                        "unit": "1",
                        "sum": {
                          "dataPoints": [{
                            "timeUnixNano": "%d",
                            "asInt": "%d",
                            "attributes": %s
                          }],
                          "aggregationTemporality": 2,
                          "isMonotonic": true
                        }
                      }]
                    }]
                  }]
                }""".formatted(name, timeUnixNano, value, labels);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The generator's {@code gauge} payload: {@code asDouble} as a bare JSON number (as {@code bc} prints it). */
    public static byte[] gauge(String name, String value, long timeUnixNano, String labels) {
        String json = """
                {
                  "resourceMetrics": [{
                    "resource": {
                      "attributes": [{
                        "key": "service.name",
                        "value": {"stringValue": "metrics-generator"}
                      }, {
                        "key": "host.name",
                        "value": {"stringValue": "metrics-generator-7d4b9c-x2x9q"}
                      }]
                    },
                    "scopeMetrics": [{
                      "metrics": [{
                        "name": "%s",
                        "unit": "1",
                        "gauge": {
                          "dataPoints": [{
                            "timeUnixNano": "%d",
                            "asDouble": %s,
                            "attributes": %s
                          }]
                        }
                      }]
                    }]
                  }]
                }""".formatted(name, timeUnixNano, value, labels);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public static final String HTTP_LABELS = """
            [{
              "key": "method",
              "value": {"stringValue": "GET"}
            }, {
              "key": "status_code",
              "value": {"stringValue": "200"}
            }]""";

    public static final String CPU_LABELS = """
            [{
              "key": "core",
              "value": {"stringValue": "cpu0"}
            }]""";

    /** One batch of the generator's four sends ({@code counter} is its loop variable). */
    public static byte[][] batch(int counter, long timeUnixNano) {
        return new byte[][] {
            counter("http_requests_total", counter, timeUnixNano, HTTP_LABELS),
            gauge("cpu_usage_percent", "42.17", timeUnixNano, CPU_LABELS),
            gauge("memory_usage_percent", "73.05", timeUnixNano,
                    "[{\"key\": \"type\", \"value\": {\"stringValue\": \"physical\"}}]"),
            counter("orders_processed_total", 7, timeUnixNano,
                    "[{\"key\": \"region\", \"value\": {\"stringValue\": \"us-west\"}}]"),
        };
    }
}

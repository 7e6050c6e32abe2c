package io.github.otelflink.sink.remotewrite.encode;

import org.apache.flink.annotation.PublicEvolving;

/** The remote-write protocol versions, with their protobuf message name and headers. */
@PublicEvolving
public enum RemoteWriteProtocol {
    /** Remote write 1.0: {@code prometheus.WriteRequest}. */
    V1("prometheus.WriteRequest", "application/x-protobuf", "0.1.0"),
    /** Remote write 2.0: {@code io.prometheus.write.v2.Request} with a symbols table. */
    V2(
            "io.prometheus.write.v2.Request",
            "application/x-protobuf;proto=io.prometheus.write.v2.Request",
            "2.0.0");

    private final String messageName;
    private final String contentType;
    private final String versionHeader;

    RemoteWriteProtocol(String messageName, String contentType, String versionHeader) {
        this.messageName = messageName;
        this.contentType = contentType;
        this.versionHeader = versionHeader;
    }

    /** The Collector's {@code protobuf_message} value for this protocol. */
    public String messageName() {
        return messageName;
    }

    public String contentType() {
        return contentType;
    }

    /** The value of {@code X-Prometheus-Remote-Write-Version}. */
    public String versionHeader() {
        return versionHeader;
    }

    /** Parses a Collector {@code protobuf_message} value. */
    public static RemoteWriteProtocol fromMessageName(String name) {
        for (RemoteWriteProtocol p : values()) {
            if (p.messageName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "protobuf_message: expected prometheus.WriteRequest or io.prometheus.write.v2.Request, got \""
                        + name + "\"");
    }
}

package io.github.otelflink.connectors.otlp;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;

/** Netty server TLS contexts from {@link TlsServerOptions}, for gRPC (HTTP/2, ALPN) and HTTP/1.1. */
final class ServerTls {

    private ServerTls() {}

    static SslContext forGrpc(TlsServerOptions tls) throws IOException {
        return GrpcSslContexts.configure(builder(tls)).build();
    }

    static SslContext forHttp(TlsServerOptions tls) throws IOException {
        return builder(tls).build();
    }

    private static SslContextBuilder builder(TlsServerOptions tls) throws IOException {
        SslContextBuilder builder = SslContextBuilder
                .forServer(PemReader.privateKey(Path.of(tls.keyFile())), PemReader.certificates(Path.of(tls.certFile())))
                .protocols(tls.protocols());
        if (tls.clientCaFile() != null) {
            builder.trustManager(PemReader.certificates(Path.of(tls.clientCaFile()))).clientAuth(ClientAuth.REQUIRE);
        }
        return builder;
    }
}

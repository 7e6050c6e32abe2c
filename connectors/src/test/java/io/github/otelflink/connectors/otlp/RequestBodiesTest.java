package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.CompositeByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A body that goes on as bytes: the bytes sent, however they were chunked or compressed. */
class RequestBodiesTest {
    private static final byte[] BODY = new byte[100_000];

    static {
        new Random(3).nextBytes(BODY);
    }

    /** The body as Netty's HTTP decoder hands it on: chunks gathered in one composite buffer. */
    private static ByteBuf chunked(byte[] bytes) {
        CompositeByteBuf content = Unpooled.compositeBuffer();
        for (int from = 0; from < bytes.length; from += 8192) {
            content.addComponent(true, Unpooled.wrappedBuffer(bytes, from, Math.min(8192, bytes.length - from)));
        }
        content.readerIndex(0);
        return content;
    }

    @Test
    void anUncompressedBodyInChunksIsCopiedWhole() throws Exception {
        ByteBuf content = chunked(BODY);
        try {
            assertThat(RequestBodies.decodeToArray(content, null, BODY.length)).isEqualTo(BODY);
            assertThat(RequestBodies.decodeToArray(content, "identity", BODY.length)).isEqualTo(BODY);
            assertThat(content.readableBytes()).as("the body is left as it was").isEqualTo(BODY.length);
        } finally {
            content.release();
        }
    }

    @Test
    void aGzipBodyIsDecompressedUpToTheLimit() throws Exception {
        ByteBuf content = chunked(TestIngress.gzip(BODY));
        try {
            assertThat(RequestBodies.decodeToArray(content, "gzip", BODY.length)).isEqualTo(BODY);
            assertThatThrownBy(() -> RequestBodies.decodeToArray(content, "gzip", BODY.length - 1))
                    .isInstanceOf(BodyTooLargeException.class);
        } finally {
            content.release();
        }
        byte[] small = Arrays.copyOf(BODY, 10);
        ByteBuf one = chunked(TestIngress.gzip(small));
        try {
            assertThat(RequestBodies.decodeToArray(one, "gzip", BODY.length)).isEqualTo(small);
        } finally {
            one.release();
        }
    }
}

package io.github.otelflink.sink.remotewrite.encode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtoBufferTest {

    @Test
    void varint64SizeIsProtobufsAtEveryBitLengthAndForRandomValues() {
        for (int bits = 0; bits <= 64; bits++) {
            long top = bits == 0 ? 0 : 1L << (bits - 1);
            for (long v : new long[] {top, top - 1, top + 1, top | (top >>> 1)}) {
                assertThat(ProtoBuffer.varint64Size(v)).as("size of %d", v)
                        .isEqualTo(CodedOutputStream.computeUInt64SizeNoTag(v));
            }
        }
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong() >>> random.nextInt(64);
            assertThat(ProtoBuffer.varint64Size(v)).as("size of %d", v)
                    .isEqualTo(CodedOutputStream.computeUInt64SizeNoTag(v));
        }
    }
}

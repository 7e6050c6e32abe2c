package io.github.otelflink.connectors.otlp;

import com.google.rpc.Code;
import com.google.rpc.Status;
import io.github.otelflink.connectors.decode.MalformedOtlpException;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.CompositeByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFutureListener;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.FullHttpResponse;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpHeaderNames;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpMethod;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpRequest;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpResponseStatus;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpUtil;
import io.grpc.netty.shaded.io.netty.handler.codec.http.HttpVersion;
import io.grpc.netty.shaded.io.netty.handler.codec.http.LastHttpContent;
import io.grpc.netty.shaded.io.netty.handler.codec.http.QueryStringDecoder;
import io.grpc.netty.shaded.io.netty.handler.timeout.IdleStateEvent;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection of the OTLP/HTTP server ({@code POST /v1/metrics}).
 *
 * <p>A request's head is checked before its body is read, in this order: path (404), method
 * (405), bearer token (401), {@code Content-Type} (415), {@code Content-Encoding} (415) and
 * {@code Content-Length} (413); a refused request's body is read and dropped, so the connection
 * stays usable. An accepted body is collected up to the limit (413 beyond it), decompressed up
 * to the same limit (413 for a bomb), decoded (400 with a {@code google.rpc.Status} naming the
 * problem) and handed to {@link ExportAdmission}, which answers 200, 429 or 503.
 *
 * <p>Answers are written in request order: while one is outstanding (with {@link
 * AckMode#CHECKPOINT} until a checkpoint completes) the connection stops reading, and requests
 * a pipelining client already sent wait in a backlog. All state is touched on the channel's
 * event loop only.
 */
final class HttpIngressHandler extends ChannelInboundHandlerAdapter {

    static final String TRANSPORT = "http";

    private static final Logger LOG = LoggerFactory.getLogger(HttpIngressHandler.class);

    /** Where the body of the current request goes. */
    private enum Body {
        NONE,
        READING,
        DISCARDING
    }

    private final HttpIngressServer.Settings settings;
    private final ArrayDeque<Object> backlog = new ArrayDeque<>();

    private Body body = Body.NONE;
    private boolean awaitingAnswer;
    private boolean draining;
    private boolean closing;
    private boolean keepAlive;
    @Nullable private CompositeByteBuf content;
    @Nullable private BodyFormat format;
    @Nullable private String encoding;
    /** The current request's captured client metadata ({@code include_metadata}). */
    private Map<String, List<String>> metadata = Map.of();

    HttpIngressHandler(HttpIngressServer.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingAnswer || !backlog.isEmpty() || closing) {
            backlog.add(msg);
            return;
        }
        handle(ctx, msg);
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            onHead(ctx, request);
        }
        if (msg instanceof HttpContent chunk) {
            onContent(ctx, chunk);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        keepAlive = HttpUtil.isKeepAlive(request);
        format = BodyFormat.of(HttpUtil.getMimeType(request));
        encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        metadata = settings.metadata().from(request.headers());
        if (request.decoderResult().isFailure()) {
            body = Body.DISCARDING;
            respond(ctx, text(HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage()), true);
            return;
        }
        FullHttpResponse refusal = refusalOf(request);
        if (refusal != null) {
            body = Body.DISCARDING;
            // A client waiting for "100 Continue" will not send its body: close instead of reading it.
            respond(ctx, refusal, HttpUtil.is100ContinueExpected(request));
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        body = Body.READING;
        content = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }

    @Nullable
    private FullHttpResponse refusalOf(HttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals(settings.metricsUrlPath())) {
            return text(HttpResponseStatus.NOT_FOUND, "404 page not found: OTLP metrics are accepted at POST "
                    + settings.metricsUrlPath());
        }
        if (!request.method().equals(HttpMethod.POST)) {
            FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    request.method() + " method not allowed, supported: [POST]");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.POST.name());
            return response;
        }
        if (settings.auth() != null && !settings.auth().allows(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            FullHttpResponse response = status(HttpResponseStatus.UNAUTHORIZED, Code.UNAUTHENTICATED,
                    "missing or invalid bearer token");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            return response;
        }
        if (format == null) {
            String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            return text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, (type == null ? "missing Content-Type"
                    : "unsupported Content-Type \"" + type + "\"")
                    + ", supported: [application/x-protobuf, application/json]");
        }
        if (!RequestBodies.isSupported(encoding)) {
            return text(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Encoding \"" + encoding
                    + "\", supported: [" + RequestBodies.SUPPORTED_ENCODINGS + "]");
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > settings.maxRequestBodyBytes()) {
            return tooLarge("the body has " + declared + " bytes, more than the limit of "
                    + settings.maxRequestBodyBytes());
        }
        return null;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent chunk) {
        try {
            boolean last = chunk instanceof LastHttpContent;
            switch (body) {
                case DISCARDING:
                    if (last) {
                        body = Body.NONE;
                    }
                    return;
                case READING:
                    ByteBuf bytes = chunk.content();
                    if ((long) content.readableBytes() + bytes.readableBytes() > settings.maxRequestBodyBytes()) {
                        releaseContent();
                        body = last ? Body.NONE : Body.DISCARDING;
                        respond(ctx, tooLarge("the body is larger than the limit of " + settings.maxRequestBodyBytes()
                                + " bytes"), false);
                        return;
                    }
                    if (bytes.isReadable()) {
                        content.addComponent(true, bytes.retain());
                    }
                    if (last) {
                        body = Body.NONE;
                        onRequest(ctx);
                    }
                    return;
                case NONE:
                default:
                    // Content without a request: nothing to do with it.
            }
        } finally {
            chunk.release();
        }
    }

    private void onRequest(ChannelHandlerContext ctx) {
        awaitingAnswer = true;
        ctx.channel().config().setAutoRead(false);
        BodyFormat requestFormat = format;
        ExportResponder responder = outcome -> {
            if (ctx.executor().inEventLoop()) {
                answer(ctx, requestFormat, outcome);
            } else {
                ctx.executor().execute(() -> answer(ctx, requestFormat, outcome));
            }
        };
        ExportMetricsServiceRequest decoded = null;
        byte[] protobuf = null;
        try {
            if (requestFormat == BodyFormat.PROTOBUF && settings.admission().passesUndecoded()) {
                // Copied out of Netty's pooled buffer (released below): the body may go on as bytes.
                protobuf = RequestBodies.decodeToArray(content, encoding, settings.maxRequestBodyBytes());
            } else {
                ByteBuffer body = RequestBodies.decode(content, encoding, settings.maxRequestBodyBytes());
                if (settings.admission().passesUndecoded()) {
                    // JSON read into protobuf bytes, which then go the protobuf body's way.
                    protobuf = requestFormat.toProtobuf(body);
                } else {
                    decoded = requestFormat.decode(body);
                }
            }
        } catch (BodyTooLargeException e) {
            respond(ctx, tooLarge(e.getMessage()), false);
            return;
        } catch (MalformedOtlpException e) {
            refuseMalformed(ctx, requestFormat, e);
            return;
        } catch (IOException e) {
            answer(ctx, requestFormat, ExportOutcome.invalid("cannot decompress the " + encoding + " body: "
                    + e.getMessage()));
            return;
        } finally {
            releaseContent();
        }
        try {
            if (protobuf != null) {
                settings.admission().admitProtobuf(protobuf, TRANSPORT, metadata, responder);
            } else {
                settings.admission().admit(decoded, TRANSPORT, metadata, responder);
            }
        } catch (MalformedOtlpException e) {
            refuseMalformed(ctx, requestFormat, e);
        }
    }

    private void refuseMalformed(ChannelHandlerContext ctx, BodyFormat requestFormat, MalformedOtlpException e) {
        LOG.debug("Refused a malformed OTLP/HTTP request from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
        answer(ctx, requestFormat, ExportOutcome.invalid(e.getMessage()));
    }

    private void answer(ChannelHandlerContext ctx, BodyFormat requestFormat, ExportOutcome outcome) {
        switch (outcome.kind()) {
            case ACCEPTED:
                respond(ctx, response(HttpResponseStatus.OK, requestFormat.contentType(),
                        requestFormat.encode(outcome.response())), false);
                return;
            case INVALID:
                respond(ctx, status(HttpResponseStatus.BAD_REQUEST, requestFormat, Code.INVALID_ARGUMENT,
                        outcome.message()), false);
                return;
            case BUSY:
                respond(ctx, retryLater(status(HttpResponseStatus.TOO_MANY_REQUESTS, requestFormat,
                        Code.RESOURCE_EXHAUSTED, outcome.message())), false);
                return;
            case UNAVAILABLE:
            default:
                respond(ctx, retryLater(status(HttpResponseStatus.SERVICE_UNAVAILABLE, requestFormat,
                        Code.UNAVAILABLE, outcome.message())), false);
        }
    }

    /** Writes the answer to the current request, then goes on with whatever arrived meanwhile. */
    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        boolean keepOpen = keepAlive && !close && ctx.channel().isActive();
        HttpUtil.setKeepAlive(response, keepOpen);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        settings.metrics().request(TRANSPORT, Integer.toString(response.status().code()));
        if (keepOpen) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            closing = true;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        awaitingAnswer = false;
        ctx.channel().config().setAutoRead(true);
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!awaitingAnswer && !closing && !backlog.isEmpty()) {
                handle(ctx, backlog.poll());
            }
        } finally {
            draining = false;
        }
    }

    private FullHttpResponse retryLater(FullHttpResponse response) {
        long seconds = Math.max(1, (settings.retryAfter().toMillis() + 999) / 1000);
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds));
        return response;
    }

    private FullHttpResponse tooLarge(String message) {
        return status(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED, message);
    }

    /** An error answer: a {@code google.rpc.Status} in the request's encoding, or text if it has none we know. */
    private FullHttpResponse status(HttpResponseStatus httpStatus, Code code, String message) {
        return status(httpStatus, format, code, message);
    }

    private static FullHttpResponse status(HttpResponseStatus httpStatus, @Nullable BodyFormat format, Code code,
            String message) {
        if (format == null) {
            return text(httpStatus, message);
        }
        Status status = Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
        return response(httpStatus, format.contentType(), format.encode(status));
    }

    private static FullHttpResponse text(HttpResponseStatus httpStatus, String message) {
        return response(httpStatus, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse response(HttpResponseStatus httpStatus, String contentType, byte[] bytes) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, httpStatus, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    private void releaseContent() {
        if (content != null) {
            content.release();
            content = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent && !awaitingAnswer && body == Body.NONE) {
            // The Collector's idle timeout: an idle keep-alive connection is closed.
            ctx.close();
            return;
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseContent();
        while (!backlog.isEmpty()) {
            ReferenceCountUtil.release(backlog.poll());
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing OTLP/HTTP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

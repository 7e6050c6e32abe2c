package io.github.otelflink.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that POSTs bodies and reads the answer: a few dozen lines
 * instead of a full client, so the load generator's CPU stays small next to the job's (one
 * request of 1,000 points costs a write and a short read). Reconnects after the server closed.
 */
final class HttpPostConnection implements AutoCloseable {
    /** Status and Retry-After (seconds, -1 when absent) of one answer. */
    record Answer(int status, int retryAfterSeconds) {}

    private final String host;
    private final int port;
    private final byte[] headerPrefix;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    HttpPostConnection(int port, String path, String contentType) {
        this.host = "127.0.0.1";
        this.port = port;
        this.headerPrefix = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: "
                + contentType + "\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    Answer post(byte[] body, int length) throws IOException {
        try {
            return exchange(body, length);
        } catch (IOException e) {
            // A server may close an idle or answered connection; one fresh attempt.
            close();
            return exchange(body, length);
        }
    }

    private Answer exchange(byte[] body, int length) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(60_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }
        out.write(headerPrefix);
        out.write((length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, length);
        out.flush();

        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long contentLength = 0;
        boolean chunked = false;
        boolean closeAfter = false;
        int retryAfter = -1;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                case "retry-after" -> retryAfter = parseSeconds(value);
                default -> { }
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                skip(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailers
            }
        } else {
            skip(contentLength);
        }
        if (closeAfter) {
            close();
        }
        return new Answer(status, retryAfter);
    }

    private static int parseSeconds(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 1; // an HTTP date: rare here, and a second is what the ingress sends anyway
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}

package io.github.otelflink.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes an AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}, header form) from a received
 * request and a known secret, by the algorithm AWS documents ("Create a signed AWS API request"):
 * canonical request, string to sign, the HMAC key chain date → region → service →
 * {@code aws4_request}. Written here, independently of the AWS SDK that signs, so a test that uses
 * it checks the job's signatures rather than the SDK against itself.
 *
 * <p>Also checks that {@code x-amz-content-sha256}, when sent, is the SHA-256 of the body received.
 */
public final class SigV4SignatureCheck {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,]+),\\s*Signature=([0-9a-f]{64})");

    /**
     * What a request's signature says, and whether it holds.
     *
     * @param valid the recomputed signature equals the one sent, and the body hash matches
     * @param problem why not, or "" when valid
     * @param accessKeyId the access key the request names, or "" when the header is unreadable
     * @param region the region of the credential scope
     * @param service the service of the credential scope
     * @param signedHeaders the signed header names, lower case
     */
    public record Result(boolean valid, String problem, String accessKeyId, String region, String service,
            List<String> signedHeaders) {

        static Result invalid(String problem) {
            return new Result(false, problem, "", "", "", List.of());
        }
    }

    private SigV4SignatureCheck() {}

    /**
     * Checks one request.
     *
     * @param method the HTTP method
     * @param rawPath the request path as sent (not decoded)
     * @param rawQuery the query as sent, or null
     * @param headers the received headers, any case
     * @param body the received body
     * @param secrets secret access keys by access key id
     */
    public static Result check(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body, Map<String, String> secrets) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        String authorization = first(lower, "authorization");
        if (authorization == null) {
            return Result.invalid("no Authorization header");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            return Result.invalid("not a SigV4 Authorization header: " + authorization);
        }
        String accessKey = m.group(1);
        String date = m.group(2);
        String region = m.group(3);
        String service = m.group(4);
        List<String> signedHeaders = List.of(m.group(5).split(";"));
        String bodyHash = hex(sha256(body));
        String amzDate = first(lower, "x-amz-date");
        String problem = "";
        if (amzDate == null || !amzDate.startsWith(date)) {
            problem = "x-amz-date " + amzDate + " does not match the credential scope's date " + date;
        } else if (first(lower, "x-amz-content-sha256") != null && !bodyHash.equals(first(lower, "x-amz-content-sha256"))) {
            problem = "x-amz-content-sha256 " + first(lower, "x-amz-content-sha256") + " is not the body's SHA-256 " + bodyHash;
        } else if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
            problem = "host and x-amz-date must be signed: " + signedHeaders;
        } else if (!secrets.containsKey(accessKey)) {
            problem = "unknown access key " + accessKey;
        }
        if (!problem.isEmpty()) {
            return new Result(false, problem, accessKey, region, service, signedHeaders);
        }
        StringBuilder canonical = new StringBuilder()
                .append(method).append('\n')
                .append(canonicalPath(rawPath)).append('\n')
                .append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = lower.get(name);
            if (values == null) {
                return new Result(false, "signed header " + name + " was not received", accessKey, region, service,
                        signedHeaders);
            }
            List<String> trimmed = values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList();
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n').append(bodyHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secrets.get(accessKey)).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        boolean valid = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                m.group(6).getBytes(StandardCharsets.US_ASCII));
        return new Result(valid, valid ? "" : "the signature does not match (expected " + expected + ")",
                accessKey, region, service, signedHeaders);
    }

    /** Each segment (decoded) URI-encoded twice, as SigV4 does for every service but S3. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(encode(encode(decode(segments[i]))));
        }
        return out.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> params = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.computeIfAbsent(encode(decode(name)), n -> new ArrayList<>()).add(encode(decode(value)));
        }
        List<String> parts = new ArrayList<>();
        params.forEach((n, vs) -> vs.stream().sorted().forEach(v -> parts.add(n + "=" + v)));
        return String.join("&", parts);
    }

    /** Undoes %XX escapes (and only those: a '+' stays a '+', as AWS reads it). */
    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** RFC 3986: everything but unreserved characters as %XX, upper-case hex. */
    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Lower-case hex, as SigV4 writes hashes and signatures. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** SHA-256 of {@code data}. */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

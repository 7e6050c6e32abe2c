package io.github.otelflink.connectors.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Self-signed PEM certificates and PKCS#8 keys made with the JDK's own {@code keytool}, so the tests
 * need neither openssl nor a crypto library.
 */
final class TestPki {
    private TestPki() {}

    /** A self-signed certificate (valid for localhost and 127.0.0.1) and its key, as PEM files. */
    record Identity(Path certFile, Path keyFile) {
        String certPem() throws IOException {
            return Files.readString(certFile);
        }

        String keyPem() throws IOException {
            return Files.readString(keyFile);
        }
    }

    private static final java.util.Map<String, Identity> SHARED = new java.util.concurrent.ConcurrentHashMap<>();
    private static Path sharedDir;

    /** One identity per name for the whole test JVM (keytool takes seconds on a busy machine). */
    static synchronized Identity shared(String name) throws Exception {
        Identity id = SHARED.get(name);
        if (id == null) {
            if (sharedDir == null) {
                sharedDir = Files.createTempDirectory("otlp-kafka-pki");
                sharedDir.toFile().deleteOnExit();
            }
            id = selfSigned(sharedDir.resolve(name), name);
            // deleteOnExit deletes in reverse order: directory first registered, last deleted.
            sharedDir.resolve(name).toFile().deleteOnExit();
            sharedDir.resolve(name).resolve(name + ".p12").toFile().deleteOnExit();
            id.certFile().toFile().deleteOnExit();
            id.keyFile().toFile().deleteOnExit();
            SHARED.put(name, id);
        }
        return id;
    }

    static Identity selfSigned(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        char[] password = "changeit".toCharArray();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(password), "-keypass", new String(password)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        Key key = ks.getKey(name, password);
        Certificate cert = ks.getCertificate(name);
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
        return new Identity(certFile, keyFile);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

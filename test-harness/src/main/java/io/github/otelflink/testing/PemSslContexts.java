package io.github.otelflink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.annotation.Nullable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds SSLContexts from the PEM certificate and key files the tests generate. */
final class PemSslContexts {

    private PemSslContexts() {}

    /**
     * Builds an SSLContext from PEM files: {@code certChainPem}/{@code keyPem} (PKCS#8 or PKCS#1/SEC1, unencrypted)
     * become the presented identity when non-null, and the certificates in {@code trustedCaPem} the trust anchors
     * when non-null (otherwise the JDK defaults apply).
     */
    static SSLContext sslContext(@Nullable Path certChainPem, @Nullable Path keyPem, @Nullable Path trustedCaPem) {
        try {
            KeyManagerFactory kmf = null;
            if (certChainPem != null && keyPem != null) {
                char[] password = "test".toCharArray();
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("identity", PemFiles.readPrivateKey(keyPem), password,
                        PemFiles.readCertificates(certChainPem).toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, password);
            }
            TrustManagerFactory tmf = null;
            if (trustedCaPem != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate ca : PemFiles.readCertificates(trustedCaPem)) {
                    trust.setCertificateEntry("ca-" + i++, ca);
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build SSLContext from " + certChainPem + ", " + trustedCaPem, e);
        }
    }
}

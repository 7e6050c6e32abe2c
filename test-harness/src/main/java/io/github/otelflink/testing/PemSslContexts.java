package io.github.otelflink.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

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
                identity.setKeyEntry("identity", readPrivateKey(keyPem), password,
                        readCertificates(certChainPem).toArray(new X509Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, password);
            }
            TrustManagerFactory tmf = null;
            if (trustedCaPem != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (X509Certificate ca : readCertificates(trustedCaPem)) {
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

    private static List<X509Certificate> readCertificates(Path pem) throws IOException, CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in " + pem);
        }
        return certificates;
    }

    private static PrivateKey readPrivateKey(Path pem) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(pem); PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo pkcs8) {
                    return converter.getPrivateKey(pkcs8);
                }
                if (object instanceof PEMKeyPair pkcs1) {
                    return converter.getKeyPair(pkcs1).getPrivate();
                }
            }
        }
        throw new IOException("no unencrypted private key in " + pem);
    }
}

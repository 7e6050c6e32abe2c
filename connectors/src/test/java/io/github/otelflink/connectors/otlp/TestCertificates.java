package io.github.otelflink.connectors.otlp;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA with a server certificate for 127.0.0.1 and a client certificate, written as
 * PEM files (the server key as PKCS#8 {@code PRIVATE KEY}).
 */
final class TestCertificates {

    final Path caFile;
    final Path serverCertFile;
    final Path serverKeyFile;
    final X509Certificate ca;
    final KeyPair clientKey;
    final X509Certificate clientCert;

    private TestCertificates(Path dir) throws Exception {
        KeyPair caKey = newKey();
        ca = sign(new X500Name("CN=Test CA"), caKey, new X500Name("CN=Test CA"), caKey, true, null);
        KeyPair serverKey = newKey();
        X509Certificate serverCert = sign(new X500Name("CN=otlp-ingress"), serverKey, new X500Name("CN=Test CA"), caKey,
                false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
                }));
        clientKey = newKey();
        clientCert = sign(new X500Name("CN=client"), clientKey, new X500Name("CN=Test CA"), caKey, false, null);
        caFile = writePem(dir.resolve("ca.crt"), ca);
        serverCertFile = writePem(dir.resolve("server.crt"), serverCert);
        serverKeyFile = writePem(dir.resolve("server.key"), new JcaPKCS8Generator(serverKey.getPrivate(), null));
    }

    static TestCertificates create(Path dir) throws Exception {
        return new TestCertificates(dir);
    }

    /** A client context trusting the CA, presenting the client certificate when {@code withClientCertificate}. */
    SSLContext clientContext(boolean withClientCertificate) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (withClientCertificate) {
            keys.setKeyEntry("client", clientKey.getPrivate(), new char[0], new X509Certificate[] {clientCert, ca});
        }
        keyManagers.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            boolean isCa, GeneralNames alternativeNames) throws IOException, OperatorCreationException,
            GeneralSecurityException {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (alternativeNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static Path writePem(Path file, Object object) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        }
        return file;
    }
}

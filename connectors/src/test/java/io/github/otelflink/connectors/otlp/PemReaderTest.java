package io.github.otelflink.connectors.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in the three forms OpenSSL writes (generated once with openssl, for these tests only). */
class PemReaderTest {

    /** {@code openssl ecparam -name prime256v1 -genkey -noout}: SEC1. */
    private static final String EC_SEC1 = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIIQjYHOD+nktn9eCu5ThFDfbBKoUXLM8vLiJ2glx+iCXoAoGCCqGSM49
            AwEHoUQDQgAE22XG0c1nr+KuSewGo9vdP4ijEzMvTzwmfvD9NbK1Iu4+6B8xHsBa
            TTknXQD9NGUrR8hW7j4yzax2YXwkhcyLcA==
            -----END EC PRIVATE KEY-----
            """;

    /** {@code openssl pkcs8 -topk8 -nocrypt} of the same key: PKCS#8. */
    private static final String EC_PKCS8 = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQghCNgc4P6eS2f14K7
            lOEUN9sEqhRcszy8uInaCXH6IJehRANCAATbZcbRzWev4q5J7Aaj290/iKMTMy9P
            PCZ+8P01srUi7j7oHzEewFpNOSddAP00ZStHyFbuPjLNrHZhfCSFzItw
            -----END PRIVATE KEY-----
            """;

    /** {@code openssl genrsa -traditional 1024}: PKCS#1. */
    private static final String RSA_PKCS1 = """
            -----BEGIN RSA PRIVATE KEY-----
            MIICWwIBAAKBgQDMwadHVAPoIpUfslUOlP3qwpXF8e2zrztJWPhFqg08sZk9Kcyz
            GU9GhJ7kGsg0xgxvVUhVr3weIVJq6hbs5+0+F2dq/r6WrAS/ZWjPRxqrzPAjRYsi
            9hcfwyWSq3DhM+mGRF5trPIg11HS4UNL6Wt4Egu/VGKPJlf01zYcdRJS1wIDAQAB
            AoGAbhTG/EAdAZZmGe5kcDyF7srCfvM8WlghRaPBhqKQD0tkGU/5r2gyCLWQPw5v
            CIBZexmclASOdBxyFOzZenCOSNdYpKm6UFqMk9aeM7cfIxTySuLNGEusLVYBdbYM
            Ux2texqZ4dbM5L+Vwj8uguW4/xaZ4jfySBDPEku5drkMboECQQDmuOhPqFrW0yEN
            ygi43Jul0V1tVUjmAVS/2I/nS+X6l4hiAHWWsK1J6ZlWsanYdy10plXHba+DvsE+
            ioNOyE7hAkEA4zB6u4h+YWLc2QWvR/3KBgll+Q0vV5c/AFhcpYbIq0kuFZkBzbHp
            zjpk1oxUGnzWWhRdWG+1IyoHNi2X0s/wtwJARR0++h3EmHXGgQr0cewj9BgzlHzn
            yX68lHubH/5sdhTOlgztLKbgQjPn60BtUJri0v7A02zYFu8dlE6J5x+6AQJANJoW
            8LDLwjSnub/tM5f5XKh0adO5sGgeeC/9U33/nFkXSHzixAN7hPpUOrDHEFLzNmwc
            qMtEf13NyaeIzZDDxQJAUrauXM+In6s/1sYAURkIP4XCinb1IfDnefn/DNNAaip/
            FsLcb8f0jA6rO9LDvc9OorzXYKJYgNoNPMvRjx/Izw==
            -----END RSA PRIVATE KEY-----
            """;

    @TempDir
    Path dir;

    @Test
    void readsSec1Pkcs8AndPkcs1Keys() throws Exception {
        assertThat(PemReader.privateKey(write("ec.key", EC_SEC1)).getAlgorithm()).isEqualTo("EC");
        assertThat(PemReader.privateKey(write("ec8.key", EC_PKCS8)).getAlgorithm()).isEqualTo("EC");
        assertThat(PemReader.privateKey(write("rsa.key", RSA_PKCS1)).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void namesTheFileWithoutAKeyOrCertificate() throws Exception {
        Path empty = write("empty.pem", "nothing here\n");

        assertThatThrownBy(() -> PemReader.privateKey(empty)).hasMessageContaining("empty.pem: no unencrypted PEM private key");
        assertThatThrownBy(() -> PemReader.certificates(empty)).hasMessageContaining("empty.pem: no PEM CERTIFICATE");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}

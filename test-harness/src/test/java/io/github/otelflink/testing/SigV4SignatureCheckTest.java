package io.github.otelflink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker against the example of AWS's SigV4 test suite ("get-vanilla"), so it can be trusted to judge the job. */
class SigV4SignatureCheckTest {

    private static final Map<String, String> SECRETS =
            Map.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final String SIGNATURE = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private static Map<String, List<String>> headers(String signature) {
        return Map.of("Host", List.of("example.amazonaws.com"), "X-Amz-Date", List.of("20150830T123600Z"),
                "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,"
                        + " SignedHeaders=host;x-amz-date, Signature=" + signature));
    }

    @Test
    void awsTestSuiteExampleIsValid() {
        SigV4SignatureCheck.Result result = SigV4SignatureCheck.check("GET", "/", null, headers(SIGNATURE), new byte[0], SECRETS);
        assertThat(result.problem()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.region()).isEqualTo("us-east-1");
        assertThat(result.service()).isEqualTo("service");
    }

    @Test
    void anyChangeBreaksIt() {
        assertThat(SigV4SignatureCheck.check("POST", "/", null, headers(SIGNATURE), new byte[0], SECRETS).valid()).isFalse();
        assertThat(SigV4SignatureCheck.check("GET", "/x", null, headers(SIGNATURE), new byte[0], SECRETS).valid()).isFalse();
        assertThat(SigV4SignatureCheck.check("GET", "/", null, headers(SIGNATURE), "x".getBytes(StandardCharsets.UTF_8),
                SECRETS).valid()).isFalse();
        assertThat(SigV4SignatureCheck.check("GET", "/", null, headers(SIGNATURE),
                new byte[0], Map.of("AKIDEXAMPLE", "another-secret")).valid()).isFalse();
        assertThat(SigV4SignatureCheck.check("GET", "/", null, headers(SIGNATURE.replace('5', '6')), new byte[0], SECRETS)
                .problem()).startsWith("the signature does not match");
    }
}

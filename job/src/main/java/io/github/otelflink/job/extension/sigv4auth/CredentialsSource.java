package io.github.otelflink.job.extension.sigv4auth;

import io.github.otelflink.job.extension.sigv4auth.SigV4AuthExtensionConfig.AssumeRole;
import java.io.Serializable;
import javax.annotation.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Where a {@link SigV4RequestSigner} gets its AWS credentials: a serializable description, turned
 * into the SDK's provider only on the task manager (providers hold threads and HTTP clients).
 */
interface CredentialsSource extends Serializable {

    /** Creates the provider; called once per signer instance, on its first request. */
    AwsCredentialsProvider provider();

    /**
     * The AWS SDK's default credential chain (system properties, environment, web identity, profile,
     * container and instance credentials), and with {@code assume_role} the role those credentials
     * assume through STS.
     *
     * @param assumeRole the role to assume, or null
     * @param signingRegion the region STS is called in when {@code assume_role.sts_region} is unset
     */
    record DefaultChain(@Nullable AssumeRole assumeRole, String signingRegion) implements CredentialsSource {

        @Override
        public AwsCredentialsProvider provider() {
            AwsCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
            if (assumeRole == null) {
                return chain;
            }
            String stsRegion = assumeRole.stsRegion() != null ? assumeRole.stsRegion() : signingRegion;
            StsClient sts = StsClient.builder()
                    .region(Region.of(stsRegion))
                    .credentialsProvider(chain)
                    // The JDK's client: STS is called once per credential lifetime, not per request.
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                    .roleArn(assumeRole.arn())
                    // STS requires a session name; the Collector generates one too.
                    .roleSessionName(assumeRole.sessionName() != null ? assumeRole.sessionName()
                            : "otel-flink-" + System.currentTimeMillis());
            if (assumeRole.externalId() != null) {
                request.externalId(assumeRole.externalId());
            }
            if (assumeRole.sessionDuration() != null) {
                request.durationSeconds((int) assumeRole.sessionDuration().toSeconds());
            }
            return StsAssumeRoleCredentialsProvider.builder().stsClient(sts).refreshRequest(request.build()).build();
        }

        @Override
        public String toString() {
            return assumeRole == null ? "the AWS default credential chain"
                    : "role " + assumeRole.arn() + " assumed through STS in "
                            + (assumeRole.stsRegion() != null ? assumeRole.stsRegion() : signingRegion)
                            + " with the AWS default credential chain";
        }
    }
}

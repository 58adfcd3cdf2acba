package io.xmcgan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.credentials.IamAwsProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a key pair, a pod with an EKS identity signs with it; anything else stays anonymous. */
class PodIdentityTest {

  @Test
  void irsaAndEksPodIdentityAreRecognisedFromTheVariablesTheirWebhooksSet() {
    assertThat(
            PodIdentity.provider(
                Map.of(
                    "AWS_WEB_IDENTITY_TOKEN_FILE",
                    "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
                    "AWS_ROLE_ARN",
                    "arn:aws:iam::123456789012:role/xmcgan")))
        .containsInstanceOf(IamAwsProvider.class);
    assertThat(
            PodIdentity.provider(
                Map.of(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials")))
        .containsInstanceOf(IamAwsProvider.class);
  }

  @Test
  void noIdentityMeansAnonymousRequests() {
    assertThat(PodIdentity.provider(Map.of())).isEmpty();
    assertThat(PodIdentity.provider(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", " "))).isEmpty();
  }
}

package io.xmcgan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageSettingsTest {

  @TempDir Path dir;

  @Test
  void ownVariablesWinOverAwsOnesAndTheSecretNeverPrints() {
    StorageSettings settings =
        StorageSettings.fromEnvironment(
            Map.of(
                "XMCGAN_S3_ENDPOINT", "http://minio:9000",
                "XMCGAN_S3_ACCESS_KEY", "own-access",
                "XMCGAN_S3_SECRET_KEY", "own-secret",
                "AWS_ACCESS_KEY_ID", "aws-access",
                "AWS_SECRET_ACCESS_KEY", "aws-secret"));

    assertThat(settings.credentials().accessKey()).isEqualTo("own-access");
    assertThat(settings.pathStyle()).isTrue();
    assertThat(settings.region()).isEqualTo("us-east-1");
    assertThat(settings.toString()).doesNotContain("own-secret").doesNotContain("own-access");
  }

  @Test
  void awsVariablesAndTheSecretDirectoryAreAccepted() throws IOException {
    assertThat(
            StorageCredentials.resolve(
                Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s")))
        .contains(new StorageCredentials("a", "s"));
    Files.writeString(dir.resolve("accessKey"), "dir-access\n");
    Files.writeString(dir.resolve("secretKey"), "dir-secret\n");
    assertThat(StorageCredentials.resolve(Map.of("XMCGAN_S3_CREDENTIALS_DIR", dir.toString())))
        .contains(new StorageCredentials("dir-access", "dir-secret"));
    assertThat(StorageCredentials.resolve(Map.of())).isEmpty();
    StorageSettings aws = StorageSettings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"));
    assertThat(aws.pathStyle()).isFalse();
    assertThat(aws.region()).isEqualTo("eu-west-1");
  }

  @Test
  void incompleteCredentialsNameWhatIsMissing() throws IOException {
    assertThatThrownBy(() -> StorageCredentials.resolve(Map.of("AWS_ACCESS_KEY_ID", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY is not");
    Files.writeString(dir.resolve("accessKey"), "only-access");
    assertThatThrownBy(
            () -> StorageCredentials.resolve(Map.of("XMCGAN_S3_CREDENTIALS_DIR", dir.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secretKey");
    assertThatThrownBy(() -> StorageSettings.fromEnvironment(Map.of("XMCGAN_S3_PATH_STYLE", "yes")))
        .hasMessageContaining("XMCGAN_S3_PATH_STYLE must be 'true' or 'false', got 'yes'");
  }

  @Test
  void unsupportedUrisAreRefusedWithTheAcceptedForms() {
    assertThatThrownBy(() -> ObjectStores.open("gs://bucket/x", StorageSettings.DEFAULTS))
        .hasMessageContaining("use s3://bucket/prefix or file:///dir");
    assertThatThrownBy(() -> ObjectStores.open("s3:///x", StorageSettings.DEFAULTS))
        .hasMessageContaining("has no bucket");
  }
}

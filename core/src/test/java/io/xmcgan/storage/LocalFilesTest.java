package io.xmcgan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.storage.testing.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @TempDir Path dir;

  @Test
  void aLocalPathOrFileUriIsUsedInPlace() throws Exception {
    Path file = Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n");
    StorageSettings settings = StorageSettings.fromEnvironment(java.util.Map.of());
    assertThat(LocalFiles.fetch(file.toString(), "vocabulary", settings, dir.resolve("work")))
        .isEqualTo(file);
    assertThat(LocalFiles.fetch(file.toUri().toString(), "vocabulary", settings, dir))
        .isEqualTo(file);
  }

  @Test
  void aMissingFileIsNamedWithWhatItIs() {
    StorageSettings settings = StorageSettings.fromEnvironment(java.util.Map.of());
    assertThatThrownBy(
            () ->
                LocalFiles.fetch(
                    dir.resolve("nope.pt").toString(), "text encoder file", settings, dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("text encoder file " + dir.resolve("nope.pt") + " does not exist");
  }

  @Test
  void anS3ObjectIsDownloadedIntoTheWorkingDirectoryAndAMissingOneIsNamed() throws Exception {
    String bucket = S3.server().createBucket();
    try (S3ObjectStore store = new S3ObjectStore(bucket, "models", S3.settings())) {
      store.writeBytes("encoder.pt", "weights".getBytes(StandardCharsets.UTF_8));
    }
    Path work = dir.resolve("work");
    Path fetched =
        LocalFiles.fetch(
            "s3://" + bucket + "/models/encoder.pt", "text encoder file", S3.settings(), work);
    assertThat(fetched).startsWith(work);
    assertThat(Files.readString(fetched)).isEqualTo("weights");
    assertThatThrownBy(
            () ->
                LocalFiles.fetch(
                    "s3://" + bucket + "/models/vocab.txt", "vocabulary", S3.settings(), work))
        .hasMessageContaining("vocabulary s3://" + bucket + "/models/vocab.txt does not exist");
    assertThatThrownBy(
            () ->
                LocalFiles.fetch("s3://" + bucket + "/models/", "vocabulary", S3.settings(), work))
        .hasMessageContaining("names a folder");
  }

  @Test
  void aClasspathFileIsCopiedOverAStaleCopy() throws Exception {
    String resource = "/manifests/README.md";
    Path target = Files.writeString(dir.resolve("copy.md"), "stale");
    byte[] expected;
    try (var in = LocalFilesTest.class.getResourceAsStream(resource)) {
      expected = in.readAllBytes();
    }
    assertThat(LocalFiles.fromClasspath(resource, target, "built-in file")).isEqualTo(target);
    assertThat(Files.readAllBytes(target)).isEqualTo(expected);
  }

  @Test
  void aMissingClasspathFileIsNamedWithWhatItIs() {
    assertThatThrownBy(
            () ->
                LocalFiles.fromClasspath(
                    "/no/such/encoder.pt", dir.resolve("x"), "the built-in text encoder file"))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(
            "the built-in text encoder file /no/such/encoder.pt is missing from the classpath");
  }
}

package io.xmcgan.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xmcgan.failure.ExitCode;
import io.xmcgan.failure.Failures;
import io.xmcgan.storage.testing.FaultInjectingInterceptor;
import io.xmcgan.storage.testing.InProcessS3Server;
import io.xmcgan.storage.testing.S3ProxyExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3ObjectStoreTest extends ObjectStoreContractTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Override
  protected ObjectStore newStore() {
    return S3.newStore("experiments/ns/run/");
  }

  @Test
  void keysAreRelativeToTheUriPrefixAndDirectoryMarkersAreNotListed() throws IOException {
    String bucket = S3.server().createBucket();
    try (ObjectStore exp = ObjectStores.open("s3://" + bucket + "/pre/fix", S3.settings());
        ObjectStore whole = ObjectStores.open("s3://" + bucket, S3.settings())) {
      exp.writeBytes("data/a.bin", new byte[] {1});
      S3.server()
          .blobStore()
          .putBlob(
              bucket,
              S3.server()
                  .blobStore()
                  .blobBuilder("pre/fix/data/sub/")
                  .payload(new byte[0])
                  .build());

      assertThat(exp.root().toString()).isEqualTo("s3://" + bucket + "/pre/fix/");
      assertThat(whole.readBytes("pre/fix/data/a.bin")).containsExactly(1);
      assertThat(exp.list("data/")).extracting(ObjectInfo::key).containsExactly("data/a.bin");
    }
  }

  @Test
  void transient503sAreRetriedUntilTheRequestSucceeds() throws IOException {
    FaultInjectingInterceptor faults = new FaultInjectingInterceptor();
    String bucket = S3.server().createBucket();
    try (ObjectStore store = new S3ObjectStore(bucket, "", S3.settings(), faults.httpClient())) {
      faults.failNext(3);
      store.writeBytes("k", "value".getBytes(UTF_8));
      faults.failNext(2);
      byte[] read = store.readBytes("k");
      faults.failNext(1);
      var listed = store.list("");

      assertThat(read).asString(UTF_8).isEqualTo("value");
      assertThat(listed).extracting(ObjectInfo::key).containsExactly("k");
      assertThat(faults.injectedFailures()).isEqualTo(6);
    }
  }

  @Test
  void multipartUploadSurvives503sOnItsParts() throws IOException {
    FaultInjectingInterceptor faults = new FaultInjectingInterceptor();
    String bucket = S3.server().createBucket();
    byte[] payload = new byte[12 * 1024 * 1024 + 3];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i % 251);
    }
    try (ObjectStore store = new S3ObjectStore(bucket, "", S3.settings(), faults.httpClient());
        PendingObject out = store.create("big")) {
      out.write(payload, 0, 7 * 1024 * 1024);
      faults.failNext(2);
      out.write(payload, 7 * 1024 * 1024, payload.length - 7 * 1024 * 1024);
      faults.failNext(1);
      out.commit();

      assertThat(store.readBytes("big")).isEqualTo(payload);
      assertThat(faults.injectedFailures()).isEqualTo(3);
    }
  }

  @Test
  void persistent503sEndAsStorageUnavailableAfterTheConfiguredAttempts() throws IOException {
    FaultInjectingInterceptor faults = new FaultInjectingInterceptor();
    String bucket = S3.server().createBucket();
    try (ObjectStore store = new S3ObjectStore(bucket, "", S3.settings(), faults.httpClient())) {
      faults.failNext(1000);

      assertThatThrownBy(() -> store.writeBytes("a/k", new byte[] {1}))
          .isInstanceOfSatisfying(
              StorageUnavailableException.class,
              e -> assertThat(e.attempts()).isEqualTo(InProcessS3Server.FAST_RETRY.maxAttempts()))
          .hasMessageContaining("s3://" + bucket + "/a/k")
          .hasMessageContaining(S3.endpoint());
      assertThat(faults.requestCount()).isEqualTo(InProcessS3Server.FAST_RETRY.maxAttempts());
    }
  }

  @Test
  void refusedConnectionsEndAsStorageUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    StorageSettings settings =
        S3.settings()
            .withEndpoint("http://127.0.0.1:" + closedPort, "us-east-1", true)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    try (ObjectStore store = new S3ObjectStore("bucket", "", settings)) {
      assertThatThrownBy(() -> store.readBytes("k"))
          .isInstanceOf(StorageUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + closedPort)
          .hasMessageContaining("check that the endpoint is right");
    }
  }

  @Test
  void wrongCredentialsFailAtOnceWithAFixAndWithoutTheSecret() throws IOException {
    FaultInjectingInterceptor requests = new FaultInjectingInterceptor();
    String bucket = S3.server().createBucket();
    String wrongSecret = "definitely-not-the-secret-0123";
    StorageSettings wrong =
        S3.settings().withCredentials(new StorageCredentials("wrongaccesskey", wrongSecret));
    try (ObjectStore store = new S3ObjectStore(bucket, "", wrong, requests.httpClient())) {
      Throwable thrown = catchIo(() -> store.writeBytes("k", new byte[] {1}));

      assertThat(thrown)
          .isInstanceOf(StorageAccessDeniedException.class)
          .hasMessageContaining("s3://" + bucket + "/k")
          .hasMessageContaining("wron***")
          .hasMessageContaining("'accessKey' and 'secretKey'");
      assertThat(stackTrace(thrown)).doesNotContain(wrongSecret).doesNotContain("wrongaccesskey");
      assertThat(requests.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void missingCredentialsFailAtOnceNamingWhereTheyAreRead() throws IOException {
    FaultInjectingInterceptor requests = new FaultInjectingInterceptor();
    String bucket = S3.server().createBucket();
    try (ObjectStore signed = new S3ObjectStore(bucket, "", S3.settings())) {
      signed.writeBytes("k", new byte[] {1});
    }
    StorageSettings anonymous = S3.settings().withCredentials(null);
    try (S3ObjectStore store = new S3ObjectStore(bucket, "", anonymous, requests.httpClient())) {
      List<IoAction> operations =
          List.of(
              store::checkAccessible,
              () -> store.writeBytes("k", new byte[] {1}),
              () -> store.readBytes("k"),
              () -> store.list(""),
              () -> store.stat("k"));
      for (IoAction operation : operations) {
        requests.resetCounts();
        Throwable thrown = catchIo(operation);

        assertThat(thrown)
            .isInstanceOf(StorageAccessDeniedException.class)
            .hasMessageContaining("s3://" + bucket)
            .hasMessageContaining("no credentials were found")
            .hasMessageContaining(StorageCredentials.ENV_ACCESS_KEY)
            .hasMessageContaining(StorageCredentials.ENV_AWS_ACCESS_KEY)
            .hasMessageContaining(StorageCredentials.ENV_CREDENTIALS_DIR)
            .hasMessageContaining("'accessKey' and 'secretKey'");
        assertThat(Failures.exitCode(thrown)).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(requests.requestCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void missingBucketIsReportedWithTheFix() throws IOException {
    FaultInjectingInterceptor requests = new FaultInjectingInterceptor();
    try (S3ObjectStore store =
        new S3ObjectStore("no-such-bucket", "", S3.settings(), requests.httpClient())) {
      assertThatThrownBy(store::checkAccessible)
          .isInstanceOf(BucketNotFoundException.class)
          .hasMessageContaining("bucket 'no-such-bucket' does not exist")
          .hasMessageContaining("Create it");
      assertThatThrownBy(() -> store.writeBytes("k", new byte[] {1}))
          .isInstanceOf(BucketNotFoundException.class);
      assertThat(requests.requestCount()).isEqualTo(2);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static Throwable catchIo(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      return e;
    }
    throw new AssertionError("expected an IOException");
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter out = new StringWriter();
    thrown.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}

package io.xmcgan.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.experiment.manifest.ExperimentManifests;
import io.xmcgan.experiment.resolve.ExperimentResolver;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.validation.ExperimentValidator;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageCredentials;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.testing.InProcessS3Server;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the status says when storage cannot be read, through the real S3 client against an endpoint
 * that answers with text of its own: the failure's kind, root, endpoint and HTTP status, never a
 * word of the answer.
 */
class StorageFailuresTest {

  private static HostileEndpoint endpoint;
  private static InProcessS3Server s3;
  private static final S3StorageObserver observer = new S3StorageObserver();

  @BeforeAll
  static void start() throws Exception {
    endpoint = HostileEndpoint.start();
    s3 = InProcessS3Server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    observer.close();
    endpoint.close();
    s3.close();
  }

  @ParameterizedTest(name = "HTTP {0} {1}")
  @CsvSource({
    "403, AccessDenied, 'access to s3://bucket/xmcgan/ns/exp/ at %s was denied (HTTP 403): check"
        + " the keys ''accessKey'' and ''secretKey'' of spec.storage.credentialsSecret and that"
        + " they may read and write the bucket'",
    "404, NoSuchBucket, 'bucket ''bucket'' does not exist at %s: create it or fix"
        + " spec.storage.bucket'",
    "400, InvalidArgument, 'cannot read s3://bucket/xmcgan/ns/exp/ at %s: the endpoint refused the"
        + " request (HTTP 400)'",
    "503, SlowDown, 'cannot read s3://bucket/xmcgan/ns/exp/ at %s: the endpoint refused the request"
        + " (HTTP 503) after 2 attempt(s)'"
  })
  void anS3ErrorIsClassifiedWithoutItsMessage(int status, String code, String expected) {
    endpoint.s3Error(status, code);

    String error = observe(endpoint.url()).error().orElseThrow();

    assertThat(error)
        .isEqualTo(expected.formatted(endpoint.url()))
        .doesNotContain(HostileEndpoint.LEAK);
  }

  @Test
  void aPageThatIsNotS3IsNotQuoted() {
    endpoint.answer(502, "text/html", "<html><h1>" + HostileEndpoint.LEAK + "</h1></html>");

    assertThat(observe(endpoint.url()).error().orElseThrow())
        .isEqualTo(
            "cannot read s3://bucket/xmcgan/ns/exp/ at "
                + endpoint.url()
                + ": the endpoint's answer is not an S3 response after 2 attempt(s)");
  }

  @Test
  void anObjectThatIsNotJsonIsNotQuoted() throws Exception {
    String bucket = s3.createBucket();
    try (ObjectStore store =
        ObjectStores.open("s3://" + bucket + "/xmcgan/ns/exp/", s3.settings())) {
      store.writeBytes(
          StorageLayout.PROGRESS,
          ("{\"step\": " + HostileEndpoint.LEAK).getBytes(StandardCharsets.UTF_8));
    }

    String error = observe(s3.endpoint(), bucket).error().orElseThrow();

    assertThat(error)
        .isEqualTo(
            "an object under s3://"
                + bucket
                + "/xmcgan/ns/exp/ at "
                + s3.endpoint()
                + " is not the JSON the stages write");
  }

  @Test
  void aClosedPortSaysSo() throws Exception {
    String closed;
    try (HostileEndpoint gone = HostileEndpoint.start()) {
      closed = gone.url();
    }

    assertThat(observe(closed).error().orElseThrow())
        .isEqualTo(
            "cannot read s3://bucket/xmcgan/ns/exp/ at "
                + closed
                + ": the endpoint refused the connection or cannot be reached after 2 attempt(s)");
  }

  private static StorageSnapshot observe(String url) {
    return observe(url, "bucket");
  }

  private static StorageSnapshot observe(String url, String bucket) {
    ResolvedExperiment resolved =
        ExperimentResolver.resolve(
            "exp",
            "ns",
            ExperimentManifests.readSpec(
                """
                dataset:
                  source:
                    builtin: shapes
                model:
                  preset: tiny
                training:
                  steps: 10
                storage:
                  endpoint: %s
                  bucket: %s
                  credentialsSecret: s3
                """
                    .formatted(url, bucket)),
            ExperimentValidator.Target.CLUSTER);
    return observer.observe(
        new StorageTarget(
            resolved,
            Optional.of(
                new StorageCredentials(
                    InProcessS3Server.ACCESS_KEY, InProcessS3Server.SECRET_KEY))));
  }
}

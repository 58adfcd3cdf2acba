package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TensorBoardHintTest {

  @Test
  void aCustomEndpointIsPassedAsS3EndpointWithTheKeysTensorBoardReads() {
    assertThat(TensorBoardHint.lines(URI.create("s3://b/xmcgan/x/tensorboard/"), "http://h:9000"))
        .containsExactly(
            "S3_ENDPOINT=http://h:9000 tensorboard --logdir s3://b/xmcgan/x/tensorboard/",
            "with boto3 installed and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY set (it does not"
                + " read XMCGAN_S3_ACCESS_KEY)");
  }

  @Test
  void awsItselfNeedsNoEndpoint() {
    assertThat(TensorBoardHint.lines(URI.create("s3://b/x/tensorboard/"), null))
        .first()
        .isEqualTo("tensorboard --logdir s3://b/x/tensorboard/");
  }

  @Test
  void aLocalDirectoryIsTheCommandAlone() {
    assertThat(TensorBoardHint.lines(URI.create("file:///tmp/runs/x/tensorboard/"), null))
        .containsExactly("tensorboard --logdir /tmp/runs/x/tensorboard/");
  }
}

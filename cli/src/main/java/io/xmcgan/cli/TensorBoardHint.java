package io.xmcgan.cli;

import io.xmcgan.storage.StorageCredentials;
import java.net.URI;
import java.util.List;

/**
 * The command that opens a run's TensorBoard events. Without TensorFlow, TensorBoard reads {@code
 * s3://} through boto3, which takes the endpoint from {@value #ENDPOINT_VARIABLE} and the keys from
 * the AWS variables only (docs/user-guide.md, "TensorBoard").
 */
final class TensorBoardHint {

  static final String ENDPOINT_VARIABLE = "S3_ENDPOINT";

  private TensorBoardHint() {}

  /**
   * @param logdir the events' directory
   * @param endpoint the S3 endpoint, or null for AWS's own
   * @return the command, then for S3 what TensorBoard needs besides it
   */
  static List<String> lines(URI logdir, String endpoint) {
    String command = "tensorboard --logdir " + Locations.display(logdir);
    if (!"s3".equals(logdir.getScheme())) {
      return List.of(command);
    }
    String keys =
        "with boto3 installed and "
            + StorageCredentials.ENV_AWS_ACCESS_KEY
            + "/"
            + StorageCredentials.ENV_AWS_SECRET_KEY
            + " set (it does not read "
            + StorageCredentials.ENV_ACCESS_KEY
            + ")";
    if (endpoint == null || endpoint.isBlank()) {
      return List.of(command, keys);
    }
    return List.of(ENDPOINT_VARIABLE + "=" + endpoint + " " + command, keys);
  }
}

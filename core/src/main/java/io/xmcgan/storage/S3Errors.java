package io.xmcgan.storage;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Sorts MinIO client failures into permanent ones (typed exceptions with a fix in the message) and
 * transient ones ({@link Retrier.TransientFailure}). Messages name endpoint, bucket and key, never
 * the secret key.
 */
final class S3Errors {

  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "InvalidToken",
          "ExpiredToken",
          "AllAccessDisabled");
  private static final Set<String> TRANSIENT_CODES =
      Set.of("SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout", "Throttling");

  /**
   * HTTP statuses that may succeed when the same request is sent again: timeouts, throttling and a
   * server or gateway that is down for the moment. 501 (Not Implemented) and other 5xx statuses
   * answer the request itself and are not retried.
   */
  private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

  private final String endpoint;
  private final String bucket;
  private final StorageCredentials credentials;
  private final boolean anonymous;

  /**
   * @param anonymous no key pair and no pod identity: requests go unsigned, and a store that
   *     rejects them is told apart from one that refuses a key
   */
  S3Errors(String endpoint, String bucket, StorageCredentials credentials, boolean anonymous) {
    this.endpoint = endpoint;
    this.bucket = bucket;
    this.credentials = credentials;
    this.anonymous = anonymous;
  }

  /** Describes an operation on {@code key} for messages: "GET s3://bucket/key at endpoint". */
  String describe(String operation, String fullKey) {
    return operation + " s3://" + bucket + "/" + fullKey + " (endpoint " + endpoint + ")";
  }

  /** The failure as the exception callers see, or a {@link Retrier.TransientFailure}. */
  IOException translate(Exception failure, String what) {
    Throwable e = unwrap(failure);
    if (e instanceof ErrorResponseException response) {
      String code = response.errorResponse().code();
      int status = response.response() == null ? 0 : response.response().code();
      if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
        return new ObjectNotFoundException(what + ": object does not exist", e);
      }
      if ("NoSuchBucket".equals(code)) {
        return bucketMissing(what, e);
      }
      if (ACCESS_DENIED.contains(code) || status == 401 || status == 403) {
        return accessDenied(what, code, e);
      }
      if (anonymous && status == 501) {
        // Some stores answer an unsigned request with Not Implemented rather than 403.
        return accessDenied(what, status + " " + code, e);
      }
      if (TRANSIENT_CODES.contains(code) || TRANSIENT_STATUSES.contains(status)) {
        return new Retrier.TransientFailure("HTTP " + status + " " + code, e);
      }
      return new StorageException(
          what + ": request rejected with HTTP " + status + " " + code + ": " + message(response),
          e);
    }
    if (e instanceof ServerException server) {
      if (anonymous && server.statusCode() == 501) {
        return accessDenied(what, "HTTP 501", e);
      }
      if (TRANSIENT_STATUSES.contains(server.statusCode())) {
        return new Retrier.TransientFailure("HTTP " + server.statusCode(), e);
      }
      return new StorageException(
          what + ": request rejected with HTTP " + server.statusCode() + ": " + e.getMessage(), e);
    }
    if (e instanceof InvalidResponseException) {
      // A non-S3 answer (e.g. an HTML 502/503 page from a load balancer in front of the store).
      return new Retrier.TransientFailure("non-S3 response: " + firstLine(e.getMessage()), e);
    }
    if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) {
      return (InterruptedIOException) e;
    }
    if (e instanceof StorageException storage) {
      return storage;
    }
    if (e instanceof IOException io) {
      return new Retrier.TransientFailure(
          io.getClass().getSimpleName() + ": " + io.getMessage(), io);
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException(what + ": interrupted");
    }
    return new StorageException(
        what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  StorageException bucketMissing(String what, Throwable cause) {
    return new BucketNotFoundException(
        what
            + ": bucket '"
            + bucket
            + "' does not exist. Create it (e.g. `mc mb <alias>/"
            + bucket
            + "`) or fix the bucket name in the experiment's storage settings.",
        cause);
  }

  StorageException accessDenied(String what, String code, Throwable cause) {
    if (anonymous) {
      return noCredentials(what, code, cause);
    }
    String who =
        credentials == null
            ? "the pod identity's credentials were refused"
            : "access key " + StorageCredentials.redact(credentials.accessKey()) + " was refused";
    return new StorageAccessDeniedException(
        what
            + ": access denied ("
            + code
            + "): "
            + who
            + ". Check the keys '"
            + StorageCredentials.ACCESS_KEY_FILE
            + "' and '"
            + StorageCredentials.SECRET_KEY_FILE
            + "' of the credentials Secret (or "
            + StorageCredentials.ENV_ACCESS_KEY
            + "/"
            + StorageCredentials.ENV_SECRET_KEY
            + ", "
            + StorageCredentials.ENV_AWS_ACCESS_KEY
            + "/"
            + StorageCredentials.ENV_AWS_SECRET_KEY
            + ") and that the key may read and write bucket '"
            + bucket
            + "'.",
        cause);
  }

  private StorageException noCredentials(String what, String code, Throwable cause) {
    return new StorageAccessDeniedException(
        what
            + ": the store refused an unsigned request ("
            + code
            + "): no credentials were found. Set "
            + StorageCredentials.ENV_ACCESS_KEY
            + "/"
            + StorageCredentials.ENV_SECRET_KEY
            + " or "
            + StorageCredentials.ENV_AWS_ACCESS_KEY
            + "/"
            + StorageCredentials.ENV_AWS_SECRET_KEY
            + ", or "
            + StorageCredentials.ENV_CREDENTIALS_DIR
            + " to a directory with the files '"
            + StorageCredentials.ACCESS_KEY_FILE
            + "' and '"
            + StorageCredentials.SECRET_KEY_FILE
            + "'; in a cluster, spec.storage.credentialsSecret names a Secret with these keys.",
        cause);
  }

  private static String message(ErrorResponseException response) {
    String message = response.errorResponse().message();
    return message == null ? "" : message;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}

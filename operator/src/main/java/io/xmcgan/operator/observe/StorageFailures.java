package io.xmcgan.operator.observe;

import com.fasterxml.jackson.core.JacksonException;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.xmcgan.operator.workloads.JobRenderer;
import io.xmcgan.storage.BucketNotFoundException;
import io.xmcgan.storage.ObjectNotFoundException;
import io.xmcgan.storage.StorageAccessDeniedException;
import io.xmcgan.storage.StorageUnavailableException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A storage failure as status conditions and events show it: what kind of failure, at which root
 * and endpoint, with the HTTP status when there was one. Built only from the experiment's own
 * settings and the failure's type, never from an exception's message: those carry what the endpoint
 * answered (an S3 error's message, the first line of an HTML page), and an endpoint is whatever
 * address a user wrote, so its answers must not reach the status of an experiment that asked the
 * operator to contact it (docs/operations.md, "Storage endpoint allow-list").
 */
public final class StorageFailures {

  private StorageFailures() {}

  /** The classified message of {@code failure} reading {@code location}. */
  public static String reading(Throwable failure, StorageLocation location) {
    return describe(failure, location, "read");
  }

  /** The classified message of {@code failure} deleting the objects of {@code location}. */
  public static String deleting(Throwable failure, StorageLocation location) {
    return describe(failure, location, "delete");
  }

  private static String describe(Throwable failure, StorageLocation location, String verb) {
    String where = location.root() + where(location);
    if (find(failure, StorageAccessDeniedException.class).isPresent()) {
      return "access to "
          + where
          + " was denied"
          + status(failure)
          + ": check the keys '"
          + JobRenderer.SECRET_ACCESS_KEY
          + "' and '"
          + JobRenderer.SECRET_SECRET_KEY
          + "' of spec.storage.credentialsSecret and that they may read and write the bucket";
    }
    if (find(failure, BucketNotFoundException.class).isPresent()) {
      return "bucket '"
          + bucket(location.root())
          + "' does not exist"
          + where(location)
          + ": create it or fix spec.storage.bucket";
    }
    if (find(failure, ObjectNotFoundException.class).isPresent()) {
      return "an object under " + where + " disappeared while it was read";
    }
    if (find(failure, JacksonException.class).isPresent()) {
      return "an object under " + where + " is not the JSON the stages write";
    }
    String cause = cause(failure);
    Optional<StorageUnavailableException> unavailable =
        find(failure, StorageUnavailableException.class);
    if (unavailable.isPresent()) {
      return "cannot "
          + verb
          + " "
          + where
          + ": "
          + cause
          + " after "
          + unavailable.get().attempts()
          + " attempt(s)";
    }
    return "cannot " + verb + " " + where + ": " + cause;
  }

  /** The transport-level cause, or what kind of answer the endpoint gave. */
  private static String cause(Throwable failure) {
    if (find(failure, UnknownHostException.class).isPresent()) {
      return "the endpoint's host name does not resolve";
    }
    if (find(failure, ConnectException.class).isPresent()
        || find(failure, NoRouteToHostException.class).isPresent()) {
      return "the endpoint refused the connection or cannot be reached";
    }
    if (find(failure, SocketTimeoutException.class).isPresent()) {
      return "the endpoint did not answer in time";
    }
    if (find(failure, SSLException.class).isPresent()) {
      return "the TLS handshake with the endpoint failed";
    }
    if (find(failure, InvalidResponseException.class).isPresent()) {
      return "the endpoint's answer is not an S3 response" + status(failure);
    }
    if (find(failure, ErrorResponseException.class).isPresent()
        || find(failure, ServerException.class).isPresent()) {
      return "the endpoint refused the request" + status(failure);
    }
    if (find(failure, InterruptedIOException.class).isPresent()) {
      return "the request was interrupted";
    }
    return "unexpected " + failure.getClass().getSimpleName();
  }

  /** " (HTTP 403)" when the failure carries the endpoint's HTTP status. */
  private static String status(Throwable failure) {
    Optional<Integer> code =
        find(failure, ErrorResponseException.class)
            .map(e -> e.response() == null ? 0 : e.response().code())
            .or(() -> find(failure, ServerException.class).map(ServerException::statusCode))
            .filter(c -> c > 0);
    return code.map(c -> " (HTTP " + c + ")").orElse("");
  }

  private static String where(StorageLocation location) {
    return location.endpoint() == null ? "" : " at " + location.endpoint();
  }

  private static String bucket(String root) {
    try {
      String authority = new URI(root).getAuthority();
      return authority == null ? root : authority;
    } catch (URISyntaxException e) {
      return root;
    }
  }

  private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}

package io.xmcgan.storage;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.credentials.Provider;
import io.minio.messages.Item;
import io.minio.messages.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects in an S3 bucket under a key prefix, through the MinIO client. Every request is retried on
 * transient failures; writes buffer at most one part ({@link StorageSettings#partSize()}) and
 * switch to a multipart upload for larger objects, so an object is visible only once its PUT or
 * multipart completion succeeds.
 */
public final class S3ObjectStore implements ObjectStore {

  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  private final String bucket;
  private final String prefix;
  private final StorageSettings settings;
  private final OkHttpClient http;
  private final boolean ownsHttpClient;
  private final MinioClient client;
  private final MinioAsyncClient asyncClient;
  private final Retrier retrier;
  private final S3Errors errors;

  /**
   * @param bucket the bucket name
   * @param prefix the key prefix every key is relative to ("" or ending in '/')
   */
  public S3ObjectStore(String bucket, String prefix, StorageSettings settings) {
    this(bucket, prefix, settings, new OkHttpClient(), true);
  }

  /**
   * As above with a caller-supplied HTTP client (custom TLS trust, proxies, interceptors); its
   * timeouts are replaced by the settings' ones.
   */
  public S3ObjectStore(
      String bucket, String prefix, StorageSettings settings, OkHttpClient httpClient) {
    this(bucket, prefix, settings, httpClient, false);
  }

  private S3ObjectStore(
      String bucket,
      String prefix,
      StorageSettings settings,
      OkHttpClient httpClient,
      boolean ownsHttpClient) {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket name must not be empty");
    }
    this.bucket = bucket;
    this.prefix = normalizePrefix(prefix);
    this.settings = settings;
    OkHttpClient http =
        httpClient
            .newBuilder()
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.readTimeout())
            .build();
    this.http = http;
    this.ownsHttpClient = ownsHttpClient;
    Optional<Provider> podIdentity =
        settings.credentials() == null ? PodIdentity.provider(System.getenv()) : Optional.empty();
    this.client = buildClient(settings, podIdentity, http);
    this.asyncClient = buildAsyncClient(settings, podIdentity, http);
    this.retrier = new Retrier(settings.retry());
    this.errors =
        new S3Errors(
            settings.effectiveEndpoint(),
            bucket,
            settings.credentials(),
            settings.credentials() == null && podIdentity.isEmpty());
  }

  private static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
      return "";
    }
    String stripped = prefix.startsWith("/") ? prefix.substring(1) : prefix;
    return stripped.endsWith("/") ? stripped : stripped + "/";
  }

  private static MinioClient buildClient(
      StorageSettings settings, Optional<Provider> podIdentity, OkHttpClient http) {
    MinioClient.Builder builder =
        MinioClient.builder()
            .endpoint(settings.effectiveEndpoint())
            .region(settings.region())
            .httpClient(http);
    if (settings.credentials() != null) {
      builder.credentials(settings.credentials().accessKey(), settings.credentials().secretKey());
    } else {
      podIdentity.ifPresent(builder::credentialsProvider);
    }
    MinioClient built = builder.build();
    if (settings.pathStyle()) {
      built.disableVirtualStyleEndpoint();
    } else {
      built.enableVirtualStyleEndpoint();
    }
    return built;
  }

  private static MinioAsyncClient buildAsyncClient(
      StorageSettings settings, Optional<Provider> podIdentity, OkHttpClient http) {
    MinioAsyncClient.Builder builder =
        MinioAsyncClient.builder()
            .endpoint(settings.effectiveEndpoint())
            .region(settings.region())
            .httpClient(http);
    if (settings.credentials() != null) {
      builder.credentials(settings.credentials().accessKey(), settings.credentials().secretKey());
    } else {
      podIdentity.ifPresent(builder::credentialsProvider);
    }
    MinioAsyncClient built = builder.build();
    if (settings.pathStyle()) {
      built.disableVirtualStyleEndpoint();
    } else {
      built.enableVirtualStyleEndpoint();
    }
    return built;
  }

  @Override
  public URI root() {
    return URI.create("s3://" + bucket + "/" + prefix);
  }

  private String fullKey(String key) {
    return prefix + ObjectKeys.check(key);
  }

  /** A MinIO call; its checked exceptions are translated by {@link #call}. */
  private interface S3Call<T> {
    T run() throws Exception;
  }

  private <T> T call(String what, S3Call<T> s3Call) throws IOException {
    return retrier.run(
        what,
        () -> {
          try {
            return s3Call.run();
          } catch (Exception e) {
            throw errors.translate(e, what);
          }
        });
  }

  /**
   * Fails with a clear message when the bucket is missing or the credentials are refused; call it
   * at startup to fail fast instead of at the first write.
   */
  public void checkAccessible() throws IOException {
    String what = "HEAD bucket s3://" + bucket + " (endpoint " + settings.effectiveEndpoint() + ")";
    boolean exists =
        call(what, () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    if (!exists) {
      throw errors.bucketMissing(what, null);
    }
  }

  @Override
  public InputStream read(String key) throws IOException {
    String full = fullKey(key);
    String what = errors.describe("GET", full);
    GetObjectResponse response =
        call(
            what,
            () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(full).build()));
    return new ResumingInputStream(response, response.headers().get("ETag"), full, what);
  }

  /**
   * Continues a download after a dropped connection with a ranged GET of the same object version
   * (If-Match on its ETag), so multi-GB reads survive a reset without restarting.
   */
  private final class ResumingInputStream extends InputStream {
    private InputStream current;
    private final String etag;
    private final String fullKey;
    private final String what;
    private long position;
    private int failuresWithoutProgress;

    ResumingInputStream(InputStream first, String etag, String fullKey, String what) {
      this.current = first;
      this.etag = etag;
      this.fullKey = fullKey;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        try {
          int n = current.read(b, off, len);
          if (n > 0) {
            position += n;
            failuresWithoutProgress = 0;
          }
          return n;
        } catch (IOException e) {
          if (e instanceof StorageException
              || ++failuresWithoutProgress >= settings.retry().maxAttempts()) {
            throw new StorageUnavailableException(
                what + ": download broke off at byte " + position + " and could not be resumed",
                failuresWithoutProgress,
                e);
          }
          LOG.warn(
              "{}: download broke off at byte {} ({}); resuming", what, position, e.toString());
          closeQuietly(current);
          current = reopen();
        }
      }
    }

    private InputStream reopen() throws IOException {
      GetObjectArgs.Builder args =
          GetObjectArgs.builder().bucket(bucket).object(fullKey).offset(position);
      if (etag != null) {
        args.matchETag(etag);
      }
      return call(what + " from byte " + position, () -> client.getObject(args.build()));
    }

    @Override
    public void close() throws IOException {
      current.close();
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The connection is already broken; the stream is being replaced.
    }
  }

  @Override
  public PendingObject create(String key) throws IOException {
    return new S3PendingObject(fullKey(key));
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    String full = fullKey(key);
    try {
      StatObjectResponse response =
          call(
              errors.describe("HEAD", full),
              () ->
                  client.statObject(StatObjectArgs.builder().bucket(bucket).object(full).build()));
      return Optional.of(new ObjectInfo(key, response.size(), response.lastModified().toInstant()));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<ObjectInfo> list(String listPrefix) throws IOException {
    String full = prefix + ObjectKeys.checkPrefix(listPrefix);
    String what = errors.describe("LIST", full + "*");
    return call(
        what,
        () -> {
          List<ObjectInfo> result = new ArrayList<>();
          Iterable<Result<Item>> items =
              client.listObjects(
                  ListObjectsArgs.builder().bucket(bucket).prefix(full).recursive(true).build());
          for (Result<Item> itemResult : items) {
            Item item = itemResult.get();
            // Some stores (jclouds filesystem, consoles) list directory markers: not objects.
            if (item.isDir() || item.objectName().endsWith("/")) {
              continue;
            }
            result.add(
                new ObjectInfo(
                    item.objectName().substring(prefix.length()),
                    item.size(),
                    item.lastModified() == null ? null : item.lastModified().toInstant()));
          }
          result.sort(Comparator.comparing(ObjectInfo::key));
          return result;
        });
  }

  @Override
  public void delete(String key) throws IOException {
    String full = fullKey(key);
    call(
        errors.describe("DELETE", full),
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(full).build());
          return null;
        });
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
      asyncClient.close();
      if (ownsHttpClient) {
        // The dispatcher's idle threads are not daemons: they would hold the JVM open for 60 s.
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    } catch (Exception e) {
      throw new IOException("closing the S3 client failed", e);
    }
  }

  @Override
  public String toString() {
    return "S3ObjectStore[" + root() + " at " + settings.effectiveEndpoint() + "]";
  }

  /**
   * Buffers up to one part; objects that fit are sent with a single PUT on commit, larger ones as a
   * multipart upload whose completion (on commit) makes them visible.
   */
  private final class S3PendingObject extends PendingObject {
    private final String fullKey;
    private final int partSize;
    private byte[] buffer = new byte[64 * 1024];
    private int count;
    private String uploadId;
    private final List<Part> parts = new ArrayList<>();
    private boolean finished;

    S3PendingObject(String fullKey) {
      this.fullKey = fullKey;
      this.partSize = (int) settings.partSize();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (finished) {
        throw new IOException(errors.describe("PUT", fullKey) + ": already committed or closed");
      }
      while (len > 0) {
        if (count == partSize) {
          flushPart();
        }
        int n = Math.min(len, partSize - count);
        ensureCapacity(count + n);
        System.arraycopy(b, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    private void ensureCapacity(int needed) {
      if (needed > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.min(partSize, Math.max(needed, buffer.length * 2)));
      }
    }

    private void flushPart() throws IOException {
      try {
        if (uploadId == null) {
          uploadId = startUpload();
        }
        uploadPart(buffer, count);
        count = 0;
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    private String startUpload() throws IOException {
      return call(
          errors.describe("CreateMultipartUpload", fullKey),
          () ->
              asyncClient
                  .createMultipartUploadAsync(bucket, settings.region(), fullKey, headers(), null)
                  .get()
                  .result()
                  .uploadId());
    }

    private void uploadPart(byte[] data, int length) throws IOException {
      int partNumber = parts.size() + 1;
      byte[] body = length == data.length ? data : Arrays.copyOf(data, length);
      String etag =
          call(
              errors.describe("UploadPart " + partNumber + " of", fullKey),
              () ->
                  asyncClient
                      .uploadPartAsync(
                          bucket,
                          settings.region(),
                          fullKey,
                          body,
                          length,
                          uploadId,
                          partNumber,
                          null,
                          null)
                      .get()
                      .etag());
      parts.add(new Part(partNumber, etag));
    }

    @Override
    public void commit() throws IOException {
      if (finished) {
        throw new IOException(errors.describe("PUT", fullKey) + ": already committed or closed");
      }
      try {
        if (uploadId == null) {
          putSingle();
        } else {
          if (count > 0) {
            uploadPart(buffer, count);
          }
          completeUpload();
        }
        finished = true;
        buffer = null;
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    private void putSingle() throws IOException {
      call(
          errors.describe("PUT", fullKey),
          () ->
              client.putObject(
                  PutObjectArgs.builder().bucket(bucket).object(fullKey).stream(
                          new ByteArrayInputStream(buffer, 0, count), count, -1)
                      .build()));
    }

    private void completeUpload() throws IOException {
      Part[] completed = parts.toArray(new Part[0]);
      call(
          errors.describe("CompleteMultipartUpload", fullKey),
          () ->
              asyncClient
                  .completeMultipartUploadAsync(
                      bucket, settings.region(), fullKey, uploadId, completed, null, null)
                  .get());
    }

    @Override
    public void close() throws IOException {
      if (finished) {
        return;
      }
      finished = true;
      buffer = null;
      if (uploadId != null) {
        String id = uploadId;
        uploadId = null;
        try {
          call(
              errors.describe("AbortMultipartUpload", fullKey),
              () ->
                  asyncClient
                      .abortMultipartUploadAsync(bucket, settings.region(), fullKey, id, null, null)
                      .get());
        } catch (IOException e) {
          // The parts stay invisible either way; bucket lifecycle rules remove them eventually.
          LOG.warn("{}: could not abort the multipart upload: {}", fullKey, e.getMessage());
        }
      }
    }
  }

  private static Multimap<String, String> headers() {
    Multimap<String, String> headers = HashMultimap.create();
    headers.put("Content-Type", "application/octet-stream");
    return headers;
  }
}

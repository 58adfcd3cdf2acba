package io.xmcgan.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Where data, checkpoints, metrics and samples live: an S3 bucket, or a uri for local runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "uri",
  "endpoint",
  "bucket",
  "prefix",
  "credentialsSecret",
  "region",
  "pathStyle",
  "deleteOnCleanup"
})
public class StorageSpec {

  @JsonPropertyDescription(
      "Root for local runs instead of the bucket fields: file:///path or s3://bucket/prefix. Runs go under <uri>/<name>/.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String uri;

  @JsonPropertyDescription("S3 endpoint, e.g. http://minio.minio:9000. Required in a cluster.")
  @Pattern(ExperimentValidator.ENDPOINT_PATTERN)
  private String endpoint;

  @JsonPropertyDescription("Bucket name. Required in a cluster.")
  @Pattern(ExperimentValidator.BUCKET_PATTERN)
  private String bucket;

  @JsonPropertyDescription(
      "Key prefix; runs go under <prefix>/<namespace>/<name>/. Default xmcgan.")
  @Default(ExperimentDefaults.STORAGE_PREFIX)
  private String prefix;

  @JsonPropertyDescription(
      "Secret in the experiment's namespace with keys accessKey and secretKey. Required in a cluster.")
  private String credentialsSecret;

  @JsonPropertyDescription("S3 region. Default us-east-1.")
  @Default(ExperimentDefaults.STORAGE_REGION)
  private String region;

  @JsonPropertyDescription("Path-style bucket addressing (MinIO). Default true.")
  @Default("true")
  private Boolean pathStyle;

  @JsonPropertyDescription(
      "Delete the experiment's objects when the resource is deleted. Default false.")
  @Default("false")
  private Boolean deleteOnCleanup;

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Boolean getPathStyle() {
    return pathStyle;
  }

  public void setPathStyle(Boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public Boolean getDeleteOnCleanup() {
    return deleteOnCleanup;
  }

  public void setDeleteOnCleanup(Boolean deleteOnCleanup) {
    this.deleteOnCleanup = deleteOnCleanup;
  }
}

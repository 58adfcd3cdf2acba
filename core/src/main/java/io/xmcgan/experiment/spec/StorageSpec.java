package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.xmcgan.experiment.resolve.ExperimentDefaults;
import io.xmcgan.experiment.validation.ExperimentValidator;

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
@ValidationRule(
    value = "!(has(self.uri) && (has(self.bucket) || has(self.endpoint)))",
    message = "set either uri or endpoint + bucket, not both",
    fieldPath = ".uri")
@ValidationRule(
    value = "!has(self.uri) || has(self.bucket) || has(self.endpoint)",
    message = "is for local runs; in a cluster set endpoint, bucket and credentialsSecret",
    fieldPath = ".uri")
@ValidationRule(
    value = "has(self.endpoint)",
    message = "is required in a cluster",
    fieldPath = ".endpoint",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "has(self.bucket)",
    message = "is required in a cluster",
    fieldPath = ".bucket",
    reason = "FieldValueRequired")
public class StorageSpec {

  @JsonPropertyDescription(
      "Root for local runs instead of the bucket fields: file:///path or s3://bucket/prefix. Runs go under <uri>/<name>/.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  @Size(max = ExperimentValidator.MAX_URI_LENGTH)
  private String uri;

  @JsonPropertyDescription("S3 endpoint, e.g. http://minio.minio:9000. Required in a cluster.")
  @Pattern(ExperimentValidator.ENDPOINT_PATTERN)
  @Size(max = ExperimentValidator.MAX_URI_LENGTH)
  private String endpoint;

  @JsonPropertyDescription("Bucket name. Required in a cluster.")
  @Pattern(ExperimentValidator.BUCKET_PATTERN)
  @Size(max = 63)
  private String bucket;

  @JsonPropertyDescription(
      "Key prefix; runs go under <prefix>/<namespace>/<name>/. Default xmcgan.")
  @Default(ExperimentDefaults.STORAGE_PREFIX)
  @Size(max = ExperimentValidator.MAX_URI_LENGTH)
  @ValidationRule(value = "!self.startsWith('/')", message = "must not start with '/'")
  private String prefix;

  @JsonPropertyDescription(
      "Secret in the experiment's namespace with keys accessKey and secretKey. Required in a cluster.")
  @Pattern(ExperimentValidator.DNS_SUBDOMAIN)
  @Size(max = 253)
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

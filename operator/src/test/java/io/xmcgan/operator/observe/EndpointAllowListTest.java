package io.xmcgan.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointAllowListTest {

  private static final EndpointAllowList LIST =
      EndpointAllowList.of(
          List.of("http://minio.minio:9000", " https://*.amazonaws.com ", "http://[::1]:9000", ""));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://minio.minio:9000, true",
    "http://MINIO.minio:9000/, true",
    "http://minio.minio:9000/some/path, true",
    "https://minio.minio:9000, false", // another scheme
    "http://minio.minio, false", // port 80
    "http://minio.minio:9001, false",
    "http://minio.minio.evil.example:9000, false",
    "http://minio.minio:9000@169.254.169.254, false", // user info: the host is the metadata IP
    "http://user@minio.minio:9000, false",
    "https://s3.eu-west-1.amazonaws.com, true",
    "https://s3.eu-west-1.amazonaws.com:443, true",
    "https://amazonaws.com, false", // *. matches names below the domain only
    "https://evilamazonaws.com, false",
    "http://s3.amazonaws.com, false",
    "http://[::1]:9000, true",
    "http://169.254.169.254, false",
    "http://127.0.0.1:9000, false",
    "not a url, false",
    "minio.minio:9000, false"
  })
  void allowsExactlyTheListedSchemeHostAndPort(String endpoint, boolean allowed) {
    assertThat(LIST.allows(endpoint)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://169.254.169.254", "file:///etc", "anything"})
  void noEntriesAllowsAnyEndpoint(String endpoint) {
    assertThat(EndpointAllowList.of(List.of()).allows(endpoint)).isTrue();
    assertThat(EndpointAllowList.ANY.any()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "minio.minio:9000",
        "ftp://minio",
        "http://minio.minio:9000/bucket",
        "http://*minio",
        "http://minio:99999",
        "http://user@minio"
      })
  void aMalformedEntryStopsTheOperatorNamingTheSetting(String entry) {
    assertThatThrownBy(() -> EndpointAllowList.of(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(EndpointAllowList.PROPERTY + ": '" + entry + "'")
        .hasMessageContaining("scheme://host[:port]");
  }

  @Test
  void theRefusalNamesTheFieldTheSettingAndTheAllowedEndpoints() {
    assertThat(LIST.refusal("spec.storage.endpoint", "http://169.254.169.254"))
        .isEqualTo(
            "spec.storage.endpoint 'http://169.254.169.254' is not one of the storage endpoints"
                + " this operator may contact (xmcgan.operator.storage-endpoints:"
                + " http://minio.minio:9000, https://*.amazonaws.com, http://[::1]:9000); use one"
                + " of them, or ask the cluster administrator to add it");
  }
}

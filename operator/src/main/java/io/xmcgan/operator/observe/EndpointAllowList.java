package io.xmcgan.operator.observe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storage endpoints the operator may contact for an experiment ({@code
 * xmcgan.operator.storage-endpoints}, docs/operations.md "Storage endpoint allow-list"). An entry
 * is {@code scheme://host[:port]}; a host written {@code *.example.com} matches every name below
 * example.com (not example.com itself), and a missing port means the scheme's default. An endpoint
 * is allowed when its scheme, host and port equal an entry's; its path plays no part, and an
 * endpoint with user info or one {@link URI} cannot read is never allowed, so that the address the
 * S3 client connects to is the one that was checked. No entries allows any endpoint.
 */
public final class EndpointAllowList {

  /** The operator setting, for messages. */
  public static final String PROPERTY = "xmcgan.operator.storage-endpoints";

  public static final EndpointAllowList ANY = new EndpointAllowList(List.of(), List.of());

  private static final Pattern ENTRY =
      Pattern.compile(
          "(https?)://(\\*\\.)?([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+])(?::(\\d{1,5}))?/?",
          Pattern.CASE_INSENSITIVE);

  private static final int MAX_PORT = 65535;

  private record Entry(String scheme, String host, boolean subdomains, int port) {

    boolean matches(String scheme, String host, int port) {
      return this.scheme.equals(scheme)
          && this.port == port
          && (subdomains ? host.endsWith("." + this.host) : this.host.equals(host));
    }
  }

  private final List<Entry> entries;
  private final List<String> written;

  private EndpointAllowList(List<Entry> entries, List<String> written) {
    this.entries = entries;
    this.written = written;
  }

  /**
   * The allow-list of the operator setting's entries.
   *
   * @throws IllegalArgumentException naming the setting and the entry that is not {@code
   *     scheme://host[:port]}
   */
  public static EndpointAllowList of(List<String> values) {
    List<String> written = values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    return new EndpointAllowList(written.stream().map(EndpointAllowList::entry).toList(), written);
  }

  /** Whether {@code endpoint} (an experiment's spec.storage.endpoint) may be contacted. */
  public boolean allows(String endpoint) {
    if (entries.isEmpty()) {
      return true;
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException | NullPointerException e) {
      return false;
    }
    if (uri.getScheme() == null || uri.getHost() == null || uri.getUserInfo() != null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
    return entries.stream().anyMatch(e -> e.matches(scheme, host, port));
  }

  /** Whether the list allows any endpoint (the default). */
  public boolean any() {
    return entries.isEmpty();
  }

  /** Why {@code endpoint} is refused, naming the spec field, the setting and the fix. */
  public String refusal(String field, String endpoint) {
    return field
        + " '"
        + endpoint
        + "' is not one of the storage endpoints this operator may contact ("
        + PROPERTY
        + ": "
        + String.join(", ", written)
        + "); use one of them, or ask the cluster administrator to add it";
  }

  private static Entry entry(String value) {
    Matcher m = ENTRY.matcher(value);
    if (!m.matches() || (m.group(5) != null && Integer.parseInt(m.group(5)) > MAX_PORT)) {
      throw new IllegalArgumentException(
          PROPERTY
              + ": '"
              + value
              + "' is not scheme://host[:port] (http or https, host or *.domain, no path),"
              + " e.g. http://minio.minio:9000 or https://*.amazonaws.com");
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    int port = m.group(5) == null ? defaultPort(scheme) : Integer.parseInt(m.group(5));
    return new Entry(scheme, m.group(3).toLowerCase(Locale.ROOT), m.group(2) != null, port);
  }

  private static int defaultPort(String scheme) {
    return "https".equals(scheme) ? 443 : 80;
  }
}

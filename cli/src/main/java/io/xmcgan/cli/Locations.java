package io.xmcgan.cli;

import java.net.URI;
import java.nio.file.Path;

/** Storage locations as users can paste them: local paths relative to the working directory. */
final class Locations {

  private Locations() {}

  static String display(URI location) {
    if (!"file".equals(location.getScheme())) {
      return location.toString();
    }
    Path path = Path.of(location).toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    String shown = path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
    boolean directory = location.toString().endsWith("/");
    return directory && !shown.isEmpty() ? shown + "/" : shown;
  }

  static String display(String location) {
    return location.contains("://") ? display(URI.create(location)) : location;
  }

  /** {@code root} + {@code key}, shown. */
  static String display(URI root, String key) {
    return display(root.resolve(key));
  }
}

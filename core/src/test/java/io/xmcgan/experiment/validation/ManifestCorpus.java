package io.xmcgan.experiment.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The manifest corpus under {@code manifests/} on the test classpath (see its README): each entry
 * with its header comments parsed. Works from the directory and from inside the test-jar.
 */
public final class ManifestCorpus {

  /**
   * @param name file name, e.g. {@code batch-size-zero.yaml}
   * @param expectedPath the one path in error (invalid manifests), or null
   */
  public record Entry(
      String name, String text, String expectedPath, ExperimentValidator.Target target) {
    @Override
    public String toString() {
      return name;
    }
  }

  private ManifestCorpus() {}

  public static List<Entry> valid() {
    return load("valid");
  }

  public static List<Entry> invalid() {
    return load("invalid");
  }

  private static List<Entry> load(String folder) {
    URL url = ManifestCorpus.class.getResource("/manifests/" + folder);
    if (url == null) {
      throw new IllegalStateException("manifests/" + folder + " is not on the classpath");
    }
    try {
      if ("jar".equals(url.getProtocol())) {
        try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
          return list(jar.getPath("/manifests/" + folder));
        }
      }
      return list(Path.of(url.toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Entry> list(Path folder) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String text;
        try (InputStream in = Files.newInputStream(file)) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        entries.add(
            new Entry(
                file.getFileName().toString(),
                text,
                header(text, "expect"),
                ExperimentValidator.Target.valueOf(header(text, "target"))));
      }
    }
    return entries;
  }

  private static String header(String text, String key) {
    for (String line : text.split("\n")) {
      if (!line.startsWith("#")) {
        break;
      }
      String content = line.substring(1).trim();
      if (content.startsWith(key + ":")) {
        return content.substring(key.length() + 1).trim();
      }
    }
    return null;
  }
}

package io.xmcgan.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The verdict of {@link OneDnnProbe} for one CPU and one libtorch, in a small properties file named
 * by a hash of both: {@code $XDG_CACHE_HOME/xmcgan} or {@code ~/.cache/xmcgan}, or {@code
 * java.io.tmpdir/xmcgan-cache-<user>} when that is not writable (pods have a read-only root file
 * system and a writable /tmp). Files are written to a temporary name and moved into place, so a
 * reader sees a whole verdict or none. A file that cannot be read or parsed is no verdict.
 */
final class OneDnnVerdictCache {

  /**
   * One machine's verdict.
   *
   * @param exact whether the wide kernels matched float64 in every check
   * @param reason the failed check's message when not exact; empty otherwise
   * @param kernels the oneDNN convolution implementations the probe ran
   */
  record Verdict(boolean exact, String reason, String kernels) {}

  /** The CPU fields that make up the key, in /proc/cpuinfo's names (x86, then ARM). */
  private static final List<String> CPU_FIELDS =
      List.of(
          "vendor_id",
          "cpu family",
          "model",
          "stepping",
          "flags",
          "CPU implementer",
          "CPU architecture",
          "CPU variant",
          "CPU part",
          "CPU revision",
          "Features");

  private final List<Path> directories;
  private final Map<String, String> machine;
  private final String fileName;

  /**
   * @param directories where to look, in order; the first one writable gets new verdicts
   * @param machine the CPU and libtorch identity (written into the file for people to read)
   */
  OneDnnVerdictCache(List<Path> directories, Map<String, String> machine) {
    this.directories = List.copyOf(directories);
    this.machine = new LinkedHashMap<>(machine);
    this.fileName = "onednn-verdict-" + hash(machine) + ".properties";
  }

  static OneDnnVerdictCache forThisMachine() {
    Map<String, String> machine = new LinkedHashMap<>(cpu(readCpuInfo()));
    machine.put("os.arch", System.getProperty("os.arch", ""));
    machine.put("libtorch", libtorch());
    return new OneDnnVerdictCache(directories(System.getenv()), machine);
  }

  /** The cache directories for an environment: the user's cache, then the temporary directory. */
  static List<Path> directories(Map<String, String> environment) {
    List<Path> directories = new ArrayList<>(2);
    String xdg = environment.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      directories.add(Path.of(xdg, "xmcgan"));
    } else {
      String home = System.getProperty("user.home");
      if (home != null && !home.isBlank() && !home.equals("?")) {
        directories.add(Path.of(home, ".cache", "xmcgan"));
      }
    }
    directories.add(
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "xmcgan-cache-" + System.getProperty("user.name", "user")));
    return directories;
  }

  /** The verdict for this machine from the first directory that has one. */
  Optional<Verdict> read() {
    for (Path directory : directories) {
      Path file = directory.resolve(fileName);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException | IllegalArgumentException e) {
        continue;
      }
      String verdict = properties.getProperty("verdict");
      if ("exact".equals(verdict) || "wrong".equals(verdict)) {
        return Optional.of(
            new Verdict(
                "exact".equals(verdict),
                properties.getProperty("reason", ""),
                properties.getProperty("kernels", "")));
      }
    }
    return Optional.empty();
  }

  /**
   * Writes the verdict into the first directory where that works; a cache nowhere writable only
   * means the next process checks again.
   */
  void write(Verdict verdict) {
    Properties properties = new Properties();
    properties.setProperty("verdict", verdict.exact() ? "exact" : "wrong");
    properties.setProperty("reason", verdict.reason());
    properties.setProperty("kernels", verdict.kernels());
    properties.setProperty("checked", Instant.now().toString());
    machine.forEach(properties::setProperty);
    for (Path directory : directories) {
      Path temporary = null;
      try {
        Files.createDirectories(directory);
        temporary = Files.createTempFile(directory, fileName, ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
          properties.store(
              writer,
              "Whether oneDNN's wide convolution kernels are exact on this CPU and libtorch"
                  + " (xmcgan, docs/model.md). Delete to check again.");
        }
        try {
          Files.move(temporary, directory.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, directory.resolve(fileName), StandardCopyOption.REPLACE_EXISTING);
        }
        return;
      } catch (IOException | SecurityException | UnsupportedOperationException e) {
        if (temporary != null) {
          try {
            Files.deleteIfExists(temporary);
          } catch (IOException ignored) {
            // the directory was not usable; the next one is tried
          }
        }
      }
    }
  }

  /** The file that holds (or would hold) the verdict, for messages. */
  String describeLocation() {
    for (Path directory : directories) {
      Path file = directory.resolve(fileName);
      if (Files.isRegularFile(file)) {
        return file.toString();
      }
    }
    return directories.isEmpty() ? fileName : directories.get(0).resolve(fileName).toString();
  }

  Path file(int directory) {
    return directories.get(directory).resolve(fileName);
  }

  /** The key fields of the first processor in {@code /proc/cpuinfo}'s text (empty if none). */
  static Map<String, String> cpu(String cpuInfo) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : cpuInfo.split("\n")) {
      if (line.isBlank() && !fields.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).strip();
      if (CPU_FIELDS.contains(name) && !fields.containsKey("cpu." + name)) {
        fields.put("cpu." + name, line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  /**
   * The libtorch this process will load, as far as it is known before loading it: the version DJL
   * goes by ({@code PYTORCH_VERSION} or the engine jar's), the flavour and a libtorch directory the
   * user named.
   */
  static String libtorch() {
    String version = setting("PYTORCH_VERSION");
    if (version == null) {
      Properties properties = new Properties();
      try (InputStream in =
          OneDnnVerdictCache.class
              .getClassLoader()
              .getResourceAsStream("pytorch-engine.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        // unknown version: the key says so
      }
      version = properties.getProperty("pytorch_version", "unknown");
    }
    StringBuilder text = new StringBuilder(version);
    String flavour = setting("PYTORCH_FLAVOR");
    if (flavour != null) {
      text.append(" flavour=").append(flavour);
    }
    String path = setting("PYTORCH_LIBRARY_PATH");
    if (path != null) {
      text.append(" path=").append(path);
    }
    return text.toString();
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      value = System.getenv(name);
    }
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String readCpuInfo() {
    try {
      return Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String hash(Map<String, String> machine) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      machine.forEach(
          (name, value) ->
              digest.update((name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

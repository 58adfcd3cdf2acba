package io.xmcgan.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' libtorch route, run here as the images run it: {@code engine} in a new JVM with the
 * Dockerfile's environment and JVM options, libtorch from a read-only copy of target/libtorch/
 * (what the CPU image copies to /opt/libtorch), and a class path without the jars that carry
 * libtorch and DJL's JNI (the image's lib/ has neither). DJL must load everything from that
 * directory and write nothing: its cache directory, the JVM's temporary directory and the home
 * directory are empty afterwards (tests may run as root, which the read-only bits do not stop).
 */
class LibtorchRouteTest {

  private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  private static final Path LAYOUT = MODULE.resolve("target/libtorch");

  @TempDir Path temp;

  @Test
  void engineLoadsLibtorchAndTheJniFromTheReadOnlyLayoutAndWritesNothing() throws Exception {
    assertThat(LAYOUT.resolve("lib/libtorch.so"))
        .as("the root pom's libtorch-layout execution (process-resources) makes it")
        .isRegularFile();
    Path libtorch = temp.resolve("opt/libtorch");
    copy(LAYOUT, libtorch);
    Path cache = Files.createDirectories(temp.resolve("djl-cache"));
    Path tmp = Files.createDirectories(temp.resolve("tmp"));
    Path home = Files.createDirectories(temp.resolve("home"));
    Map<String, Long> layoutBefore = listing(libtorch);
    makeReadOnly(libtorch);
    try {
      Route route = new Route(libtorch, cache, tmp, home, classPathWithoutLibtorchJars());
      Path lib = libtorch.resolve("lib");
      String line = "engine: PyTorch 2.7.1 flavour=cpu gpus=0 libtorch=" + lib;

      Child engine = route.run("engine");

      assertThat(engine.exitCode).as(engine.stderr).isZero();
      assertThat(engine.stdout.lines()).containsExactly(line);
      assertThat(engine.stderr).contains("Picked up JAVA_TOOL_OPTIONS: " + route.javaToolOptions());
      assertThat(loadedLibraries(engine.stderr))
          .as(engine.stderr)
          .contains(
              lib.resolve("libtorch_cpu.so").toString(),
              lib.resolve("libtorch.so").toString(),
              lib.resolve("libdjl_torch.so").toString())
          .allSatisfy(path -> assertThat(Path.of(path).getParent()).isEqualTo(lib));
      assertThat(engine.stderr)
          .contains("Found jnidispatch at " + libtorch.resolve("jna/libjnidispatch.so"))
          .doesNotContain("Extracting")
          .doesNotContain("Downloading");

      // TrainerMain prints the same line on stderr before a command that uses the engine
      Child train = route.run("train", "--experiment", temp.resolve("missing.yaml").toString());

      assertThat(train.exitCode).as(train.stderr).isNotZero();
      assertThat(train.stderr.lines().filter(text -> text.startsWith("engine: ")))
          .containsExactly(line);

      assertThat(entries(cache)).as("DJL_CACHE_DIR").isEmpty();
      assertThat(entries(tmp)).as("java.io.tmpdir (DJL's fallback cache, JNA's)").isEmpty();
      assertThat(entries(home)).as("user.home (DJL's default cache, JNA's)").isEmpty();
      assertThat(listing(libtorch)).isEqualTo(layoutBefore);
    } finally {
      makeWritable(libtorch);
    }
  }

  @Test
  void bothImagesSetTheRouteThisTestRuns() throws IOException {
    Image trainer = Image.of(MODULE.resolve("Dockerfile"));
    Image evaluator = Image.of(MODULE.resolveSibling("evaluator-image").resolve("Dockerfile"));

    assertThat(trainer.libraryPath).isEqualTo("/opt/libtorch/lib");
    assertThat(trainer.version).isEqualTo("2.7.1");
    assertThat(trainer.flavour).isEqualTo("${FLAVOR}");
    assertThat(trainer.javaToolOptions)
        .contains(
            "-Dai.djl.offline=true",
            "-Djava.io.tmpdir=/tmp",
            "-Djna.boot.library.path=/opt/libtorch/jna",
            "-Djna.nounpack=true");
    assertThat(evaluator).isEqualTo(trainer);
  }

  private record Child(int exitCode, String stdout, String stderr) {}

  /** TrainerMain in a new JVM as the image starts it, with this test's directories. */
  private record Route(Path libtorch, Path cache, Path tmp, Path home, String classPath) {

    String javaToolOptions() throws IOException {
      return image().environment(libtorch, tmp).get("JAVA_TOOL_OPTIONS");
    }

    Image image() throws IOException {
      return Image.of(MODULE.resolve("Dockerfile"));
    }

    Child run(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx512m");
      command.add("-Duser.home=" + home);
      // evidence: DJL names every library it loads, JNA where its own came from
      command.add("-Dorg.slf4j.simpleLogger.log.ai.djl.pytorch.jni.LibUtils=debug");
      command.add("-Djna.debug_load.jna=true");
      command.addAll(List.of("-cp", classPath, TrainerMain.class.getName()));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> environment = builder.environment();
      environment
          .keySet()
          .removeIf(
              name ->
                  name.startsWith("PYTORCH_")
                      || name.startsWith("DJL_")
                      || name.equals("ENGINE_CACHE_DIR")
                      || name.equals("XDG_CACHE_HOME")
                      || name.equals("JAVA_TOOL_OPTIONS"));
      environment.putAll(image().environment(libtorch, tmp));
      environment.put("DJL_CACHE_DIR", cache.toString());
      environment.put("HOME", home.toString());
      Path out = Files.createTempFile(libtorch.getParent().getParent(), "stdout", ".txt");
      Path err = Files.createTempFile(libtorch.getParent().getParent(), "stderr", ".txt");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
      }
      return new Child(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  /** The ENV of an image's Dockerfile that decides how libtorch loads. */
  private record Image(String libraryPath, String version, String flavour, String javaToolOptions) {

    static Image of(Path dockerfile) throws IOException {
      String text = Files.readString(dockerfile, StandardCharsets.UTF_8);
      return new Image(
          value(text, "PYTORCH_LIBRARY_PATH=(\\S+)"),
          value(text, "PYTORCH_VERSION=(\\S+)"),
          value(text, "PYTORCH_FLAVOR=(\\S+)"),
          value(text, "JAVA_TOOL_OPTIONS=\"([^\"]+)\""));
    }

    /** The image's variables with /opt/libtorch and /tmp moved to this test's directories. */
    Map<String, String> environment(Path libtorch, Path tmp) {
      return Map.of(
          "PYTORCH_LIBRARY_PATH", inTest(libraryPath, libtorch, tmp),
          "PYTORCH_VERSION", version,
          "PYTORCH_FLAVOR", flavour.replace("${FLAVOR}", "cpu"),
          "JAVA_TOOL_OPTIONS", inTest(javaToolOptions, libtorch, tmp));
    }

    private static String inTest(String value, Path libtorch, Path tmp) {
      return value
          .replace("-Djava.io.tmpdir=/tmp", "-Djava.io.tmpdir=" + tmp)
          .replace("/opt/libtorch", libtorch.toString());
    }

    private static String value(String text, String regex) {
      Matcher matcher = Pattern.compile(regex).matcher(text);
      assertThat(matcher.find()).as(regex).isTrue();
      return matcher.group(1);
    }
  }

  /** This test's class path minus the jars of libtorch (pytorch-native-*) and the JNI. */
  private static String classPathWithoutLibtorchJars() throws IOException {
    List<String> all =
        Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> kept =
        all.stream()
            .filter(
                entry -> {
                  String name = Path.of(entry).getFileName().toString();
                  return !name.startsWith("pytorch-native-") && !name.startsWith("pytorch-jni-");
                })
            .toList();
    assertThat(all.size() - kept.size())
        .as("the pytorch-native-cpu and pytorch-jni jars")
        .isEqualTo(2);
    List<URL> urls = new ArrayList<>();
    for (String entry : kept) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), null)) {
      assertThat(loader.getResource("native/lib/pytorch.properties")).isNull();
      assertThat(loader.getResource("jnilib/pytorch.properties")).isNull();
      assertThat(loader.getResource("ai/djl/pytorch/jni/LibUtils.class")).isNotNull();
    }
    return String.join(File.pathSeparator, kept);
  }

  private static final Pattern LOADING = Pattern.compile("Loading native library: (\\S+)");

  private static List<String> loadedLibraries(String log) {
    return log.lines()
        .map(LOADING::matcher)
        .filter(Matcher::find)
        .map(matcher -> matcher.group(1))
        .toList();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  /** Relative path to size of every file under {@code root}. */
  private static Map<String, Long> listing(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      Map<String, Long> listing = new TreeMap<>();
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        listing.put(root.relativize(path).toString(), Files.size(path));
      }
      return listing;
    }
  }

  private static List<String> entries(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(path -> !path.equals(directory)).map(Path::toString).toList();
    }
  }

  /** chmod -R a-w: files r--r--r--, directories r-xr-xr-x. */
  private static void makeReadOnly(Path root) throws IOException {
    setPermissions(root, "r--r--r--", "r-xr-xr-x");
  }

  private static void makeWritable(Path root) throws IOException {
    setPermissions(root, "rw-r--r--", "rwxr-xr-x");
  }

  private static void setPermissions(Path root, String file, String directory) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.collect(Collectors.toList())) {
        Files.setPosixFilePermissions(
            path, PosixFilePermissions.fromString(Files.isDirectory(path) ? directory : file));
      }
    }
  }
}

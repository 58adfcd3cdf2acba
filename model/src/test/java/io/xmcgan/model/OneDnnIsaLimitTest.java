package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.xmcgan.model.OneDnnIsaLimit.Decision;
import io.xmcgan.model.OneDnnIsaLimit.ProbeResult;
import io.xmcgan.model.OneDnnIsaLimit.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-machine decision of oneDNN's instruction set: the logic as a table with an injected
 * probe, the real probe in a child process on this machine, and {@link OneDnnIsaLimit#apply} seen
 * from a fresh process as oneDNN sees it.
 */
class OneDnnIsaLimitTest {

  private static final Map<String, String> MACHINE =
      Map.of("cpu.vendor_id", "TestVendor", "cpu.model", "1", "libtorch", "2.7.1");

  @TempDir Path temporary;

  /** What the cache holds before the decision. */
  enum Cached {
    NOTHING,
    EXACT,
    WRONG
  }

  static Stream<Arguments> decisions() {
    ProbeResult exact = ProbeResult.exact("jit:avx512_core");
    ProbeResult wrong = ProbeResult.wrong("the input gradient ... has NaN values", "jit:avx2");
    ProbeResult crashed = ProbeResult.failed("the check exited with code 134");
    ProbeResult hung = ProbeResult.failed("the check did not finish within 180 s");
    return Stream.of(
        // environment, cache, probe result -> ISA set, source, probe runs, cached after, stderr
        // lines
        Arguments.of(
            Map.of("ONEDNN_MAX_CPU_ISA", "ALL"),
            Cached.WRONG,
            crashed,
            "ALL",
            Source.USER,
            0,
            Cached.WRONG,
            0),
        Arguments.of(
            Map.of("ONEDNN_MAX_CPU_ISA", "SSE41"),
            Cached.NOTHING,
            exact,
            "SSE41",
            Source.USER,
            0,
            Cached.NOTHING,
            0),
        Arguments.of(
            Map.of("DNNL_MAX_CPU_ISA", "AVX2"),
            Cached.NOTHING,
            exact,
            "AVX2",
            Source.USER,
            0,
            Cached.NOTHING,
            0),
        Arguments.of(Map.of(), Cached.EXACT, crashed, "ALL", Source.CACHE, 0, Cached.EXACT, 0),
        Arguments.of(Map.of(), Cached.WRONG, exact, "SSE41", Source.CACHE, 0, Cached.WRONG, 1),
        Arguments.of(Map.of(), Cached.NOTHING, exact, "ALL", Source.PROBE, 1, Cached.EXACT, 0),
        Arguments.of(Map.of(), Cached.NOTHING, wrong, "SSE41", Source.PROBE, 1, Cached.WRONG, 1),
        Arguments.of(
            Map.of(), Cached.NOTHING, crashed, "SSE41", Source.PROBE_FAILED, 1, Cached.NOTHING, 1),
        Arguments.of(
            Map.of(), Cached.NOTHING, hung, "SSE41", Source.PROBE_FAILED, 1, Cached.NOTHING, 1));
  }

  @ParameterizedTest(name = "env {0}, cached {1}, probe {2} -> {3} from {4}")
  @MethodSource("decisions")
  void theDecisionFollowsTheTable(
      Map<String, String> environment,
      Cached before,
      ProbeResult probeResult,
      String isa,
      Source source,
      int probeRuns,
      Cached after,
      int stderrLines) {
    OneDnnVerdictCache cache = new OneDnnVerdictCache(List.of(temporary), MACHINE);
    if (before != Cached.NOTHING) {
      cache.write(
          new OneDnnVerdictCache.Verdict(before == Cached.EXACT, "earlier reason", "jit:avx2"));
    }
    AtomicInteger runs = new AtomicInteger();
    List<String> err = new ArrayList<>();
    Decision decision =
        OneDnnIsaLimit.decide(
            environment,
            cache,
            () -> {
              runs.incrementAndGet();
              return probeResult;
            },
            err::add);
    assertThat(decision.isa()).isEqualTo(isa);
    assertThat(decision.source()).isEqualTo(source);
    assertThat(runs).hasValue(probeRuns);
    assertThat(err).as("stderr").hasSize(stderrLines);
    Optional<OneDnnVerdictCache.Verdict> cached = cache.read();
    assertThat(cached.map(v -> v.exact() ? Cached.EXACT : Cached.WRONG).orElse(Cached.NOTHING))
        .isEqualTo(after);
    if (stderrLines == 1) {
      assertThat(err.get(0)).contains("libtorch's own convolutions").doesNotContain("\n");
      if (source != Source.PROBE_FAILED) {
        assertThat(err.get(0)).contains(cache.describeLocation());
      } else {
        assertThat(err.get(0)).contains(probeResult.detail());
      }
    }
    if (source == Source.PROBE && probeResult.outcome() == ProbeResult.Outcome.WRONG) {
      assertThat(cached.orElseThrow().reason()).isEqualTo(probeResult.detail());
      assertThat(err.get(0)).contains(probeResult.detail());
    }
  }

  @Test
  void theVerdictGoesToTheFirstWritableDirectoryAndIsFoundThere() throws IOException {
    Path readOnly = temporary.resolve("read-only");
    Files.createDirectories(readOnly);
    assertThat(readOnly.toFile().setWritable(false)).isTrue();
    Path fallback = temporary.resolve("tmp");
    OneDnnVerdictCache cache = new OneDnnVerdictCache(List.of(readOnly, fallback), MACHINE);
    try {
      cache.write(new OneDnnVerdictCache.Verdict(true, "", "jit:avx512_core"));
      if (Files.isWritable(readOnly)) {
        return; // running as root: every directory is writable, nothing to see
      }
      assertThat(cache.file(1)).exists();
      assertThat(cache.read())
          .contains(new OneDnnVerdictCache.Verdict(true, "", "jit:avx512_core"));
      assertThat(cache.describeLocation()).isEqualTo(cache.file(1).toString());
      try (Stream<Path> files = Files.list(fallback)) {
        assertThat(files).as("no temporary file left").hasSize(1);
      }
    } finally {
      readOnly.toFile().setWritable(true);
    }
  }

  @Test
  void aCacheNowhereWritableOrUnreadableIsNoVerdict() throws IOException {
    Path file = temporary.resolve("a-file");
    Files.writeString(file, "not a directory");
    OneDnnVerdictCache nowhere = new OneDnnVerdictCache(List.of(file.resolve("sub")), MACHINE);
    nowhere.write(new OneDnnVerdictCache.Verdict(true, "", ""));
    assertThat(nowhere.read()).isEmpty();

    OneDnnVerdictCache cache = new OneDnnVerdictCache(List.of(temporary), MACHINE);
    Files.writeString(cache.file(0), "verdict=maybe\n");
    assertThat(cache.read()).isEmpty();
  }

  @Test
  void theKeyIsTheCpuAndTheLibtorch() {
    String intel =
        "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 167\n"
            + "model name\t: Intel(R) Xeon(R) Processor\nstepping\t: 1\nflags\t\t: fpu avx512f\n\n"
            + "processor\t: 1\nvendor_id\t: OtherVendor\n";
    assertThat(OneDnnVerdictCache.cpu(intel))
        .containsExactly(
            Map.entry("cpu.vendor_id", "GenuineIntel"),
            Map.entry("cpu.cpu family", "6"),
            Map.entry("cpu.model", "167"),
            Map.entry("cpu.stepping", "1"),
            Map.entry("cpu.flags", "fpu avx512f"));
    Map<String, String> other = new HashMap<>(MACHINE);
    other.put("libtorch", "2.8.0");
    OneDnnVerdictCache a = new OneDnnVerdictCache(List.of(temporary), MACHINE);
    OneDnnVerdictCache b = new OneDnnVerdictCache(List.of(temporary), other);
    a.write(new OneDnnVerdictCache.Verdict(true, "", ""));
    assertThat(b.read()).as("another libtorch has no verdict yet").isEmpty();
    assertThat(OneDnnVerdictCache.libtorch()).startsWith("2.7.1");
  }

  @Test
  void theKernelNameIsReadFromOneDnnsVerboseLine() {
    assertThat(
            OneDnnProbe.kernel(
                "onednn_verbose,v1,primitive,create:cache_miss,cpu,convolution,jit:avx512_core,"
                    + "backward_data,src:f32::blocked:abcd::f0,alg:convolution_direct,0.1"))
        .isEqualTo("jit:avx512_core");
    assertThat(OneDnnProbe.kernel("onednn_verbose,v1,info,cpu,isa:Intel AVX-512")).isNull();
    assertThat(OneDnnProbe.kernel("[main] INFO convolution, jit")).isNull();
  }

  /** The real probe, in a child process with the wide kernels, on the machine the tests run on. */
  @Test
  void theProbeChecksTheWideKernelsInAChildProcess() {
    ProbeResult result = new OneDnnProbe.ChildProcess().run();
    System.out.println("probe on this machine: " + result);
    assertThat(result.outcome()).isNotEqualTo(ProbeResult.Outcome.FAILED);
    assertThat(result.kernels()).as("oneDNN's convolution kernels the probe ran").isNotEmpty();
    assertThat(result.kernels()).doesNotContain("sse41");
  }

  @Test
  void aProbeThatCrashesHangsOrSaysNothingIsAFailure() {
    assertThat(new OneDnnProbe.ChildProcess(60, Crashes.class.getName()).run())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.FAILED))
        .satisfies(r -> assertThat(r.detail()).contains("exited with code 134", "SIGSEGV here"));
    assertThat(new OneDnnProbe.ChildProcess(2, Hangs.class.getName()).run())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.FAILED))
        .satisfies(r -> assertThat(r.detail()).contains("did not finish within 2 s"));
    assertThat(new OneDnnProbe.ChildProcess(60, Mumbles.class.getName()).run())
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(ProbeResult.Outcome.FAILED))
        .satisfies(r -> assertThat(r.detail()).contains("no verdict"));
  }

  @Test
  void aFreshProcessDecidesOnceAndThenReadsTheVerdict() throws Exception {
    Map<String, String> cacheHome = Map.of("XDG_CACHE_HOME", temporary.toString());
    String first = apply(cacheHome);
    assertThat(first).isIn("ALL oneDNN on", "SSE41 oneDNN off");
    try (Stream<Path> files = Files.list(temporary.resolve("xmcgan"))) {
      Path verdict = files.findFirst().orElseThrow();
      String text = Files.readString(verdict);
      assertThat(text).contains("verdict=" + (first.startsWith("ALL") ? "exact" : "wrong"));
      assertThat(text).contains("cpu.vendor_id=", "libtorch=2.7.1", "kernels=");
      // The second process finds it: the same answer, without the probe's seconds.
      long start = System.nanoTime();
      assertThat(apply(cacheHome)).isEqualTo(first);
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
      Files.writeString(verdict, text.replace("verdict=exact", "verdict=wrong"));
      // A machine found wrong runs libtorch's own convolutions, oneDNN capped besides.
      assertThat(apply(cacheHome)).isEqualTo("SSE41 oneDNN off");
    }
  }

  @Test
  void aValueTheUserSetIsKeptInEitherSpelling() throws Exception {
    Map<String, String> variables = new HashMap<>(Map.of("XDG_CACHE_HOME", temporary.toString()));
    variables.put("ONEDNN_MAX_CPU_ISA", "AVX2");
    assertThat(apply(variables)).isEqualTo("AVX2 oneDNN on");
    variables.remove("ONEDNN_MAX_CPU_ISA");
    variables.put("DNNL_MAX_CPU_ISA", "AVX2");
    assertThat(apply(variables)).isEqualTo("null oneDNN on");
    assertThat(temporary.resolve("xmcgan")).as("no probe ran").doesNotExist();
  }

  /** Runs {@link Apply} in a new JVM with the given variables and returns what it printed. */
  private static String apply(Map<String, String> variables)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dai.djl.offline=true",
            "-cp",
            System.getProperty("java.class.path"),
            Apply.class.getName());
    builder.environment().remove("ONEDNN_MAX_CPU_ISA");
    builder.environment().remove("DNNL_MAX_CPU_ISA");
    builder.environment().putAll(variables);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output + errors).isZero();
    return output.strip();
  }

  /**
   * Applies the decision as an entry point and the networks do, then prints ONEDNN_MAX_CPU_ISA as
   * the C library reports it and whether libtorch still uses oneDNN.
   */
  public static final class Apply {
    public static void main(String[] args) {
      OneDnnIsaLimit.apply();
      OneDnnIsaLimit.applyToEngine();
      System.out.println(
          CLibrary.INSTANCE.getenv("ONEDNN_MAX_CPU_ISA")
              + " oneDNN "
              + (LibtorchMkldnn.enabled().orElseThrow() ? "on" : "off"));
    }
  }

  /** A probe that dies the way a native crash ends a JVM. */
  public static final class Crashes {
    public static void main(String[] args) {
      System.err.println("SIGSEGV here");
      Runtime.getRuntime().halt(134);
    }
  }

  /** A probe that never finishes. */
  public static final class Hangs {
    public static void main(String[] args) throws InterruptedException {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /** A probe that exits 0 without a verdict. */
  public static final class Mumbles {
    public static void main(String[] args) throws IOException {
      Files.writeString(Path.of(args[0]), "perhaps");
    }
  }

  private interface CLibrary extends Library {
    CLibrary INSTANCE = Native.load("c", CLibrary.class);

    String getenv(String name);
  }
}

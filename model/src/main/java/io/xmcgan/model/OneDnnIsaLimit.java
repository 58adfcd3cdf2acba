package io.xmcgan.model;

import io.xmcgan.engine.NativeEnvironment;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides, once per machine, which instruction set oneDNN (the library behind libtorch's CPU
 * convolutions) may use, and sets it for this process before oneDNN initialises.
 *
 * <p>On one AVX-512 machine, oneDNN 3.7.1 (bundled with libtorch 2.7.1) computed wrong 3x3
 * convolution input gradients whenever the output had fewer than 16 channels, e.g. G's RGB output
 * layer, and wrong forward results for some other channel counts; with two threads the result even
 * changed from run to run and was sometimes NaN (docs/model.md, "CPU convolutions"). Other CPUs,
 * including later AVX-512 ones, compute the same convolutions exactly with the wide kernels, which
 * are 2-3 times as fast as the SSE4.1 kernels that are exact everywhere. So the cap is decided per
 * machine:
 *
 * <ol>
 *   <li>{@code ONEDNN_MAX_CPU_ISA} or {@code DNNL_MAX_CPU_ISA} set by the user: kept, nothing
 *       checked here (the in-process {@link ConvolutionSelfCheck} still guards training).
 *   <li>A verdict cached for this CPU (vendor, family, model, stepping, flags) and libtorch ({@link
 *       OneDnnVerdictCache}): exact wide kernels → {@code ALL}; wrong ones → {@code SSE41} and one
 *       line on stderr saying so.
 *   <li>Otherwise a child process ({@link OneDnnProbe}: same java, same class path, {@code
 *       ONEDNN_MAX_CPU_ISA=ALL}) runs {@link ConvolutionSelfCheck#verifyWideKernels} and its
 *       verdict is cached. A probe that crashes, hangs or cannot start leaves this process on
 *       {@code SSE41} (safe), said once on stderr, and is tried again by the next process.
 * </ol>
 *
 * <p>oneDNN reads the variable once, at its first primitive, and that holds for the whole process:
 * a child process is the only honest way to try the wide kernels first. So {@link #apply} must run
 * before anything touches libtorch: first thing in every process entry point.
 */
public final class OneDnnIsaLimit {

  static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
  static final String LEGACY_VARIABLE = "DNNL_MAX_CPU_ISA";
  static final String EXACT_ISA = "SSE41";
  static final String WIDE_ISA = "ALL";

  /** Where a decision came from. */
  enum Source {
    /** The user set the variable. */
    USER,
    /** A verdict cached by an earlier probe on this CPU and libtorch. */
    CACHE,
    /** A probe run by this process (its verdict is now cached). */
    PROBE,
    /** The probe crashed, hung or could not start: the safe cap, nothing cached. */
    PROBE_FAILED
  }

  /**
   * What this process runs with.
   *
   * @param isa the value set for {@code ONEDNN_MAX_CPU_ISA}, or the user's value
   * @param source where the decision came from
   * @param detail why, in a few words (the probe's failure, the cached reason); may be empty
   */
  record Decision(String isa, Source source, String detail) {

    /**
     * True when this process is on the exact fallback because the wide kernels were found wrong or
     * could not be checked (not when the user chose the variable).
     */
    boolean fallback() {
      return EXACT_ISA.equals(isa) && source != Source.USER;
    }

    /** True when this process runs the wide kernels because a check on this machine passed. */
    boolean wideByVerdict() {
      return WIDE_ISA.equals(isa) && (source == Source.CACHE || source == Source.PROBE);
    }
  }

  /** Runs the wide kernels' check in a child process. */
  interface Probe {
    ProbeResult run();
  }

  /**
   * What a probe found.
   *
   * @param outcome exact, wrong, or failed (no verdict)
   * @param detail the check's error for a wrong kernel, the failure otherwise; empty when exact
   * @param kernels the oneDNN convolution implementations the probe ran, e.g. "jit:avx512_core"
   */
  record ProbeResult(Outcome outcome, String detail, String kernels) {

    enum Outcome {
      EXACT,
      WRONG,
      FAILED
    }

    static ProbeResult exact(String kernels) {
      return new ProbeResult(Outcome.EXACT, "", kernels);
    }

    static ProbeResult wrong(String detail, String kernels) {
      return new ProbeResult(Outcome.WRONG, detail, kernels);
    }

    static ProbeResult failed(String detail) {
      return new ProbeResult(Outcome.FAILED, detail, "");
    }
  }

  private static volatile Decision decided;
  private static volatile boolean engineApplied;

  private OneDnnIsaLimit() {}

  /**
   * Makes the decision for this process (once; later calls do nothing) and sets {@code
   * ONEDNN_MAX_CPU_ISA} accordingly. Call it first thing in every entry point.
   */
  public static void apply() {
    if (decided != null) {
      return;
    }
    synchronized (OneDnnIsaLimit.class) {
      if (decided == null) {
        Decision decision =
            decide(
                System.getenv(),
                OneDnnVerdictCache.forThisMachine(),
                new OneDnnProbe.ChildProcess(),
                System.err);
        if (decision.source() != Source.USER) {
          NativeEnvironment.setIfAbsent(VARIABLE, decision.isa());
        }
        decided = decision;
      }
    }
  }

  /**
   * On the exact fallback, also turns libtorch's use of oneDNN off once the engine is loaded: its
   * own convolutions (im2col and GEMM, no oneDNN) are exact by construction and, on the tiny step,
   * 1.4x as fast as oneDNN's SSE4.1 kernels (docs/model.md, "CPU convolutions"). The SSE4.1 cap
   * stays for anything that still reaches oneDNN, and is all there is where libtorch has no such
   * switch. Call before the first convolution; later calls do nothing more.
   */
  static void applyToEngine() {
    Decision decision = decided;
    if (decision != null && decision.fallback() && !engineApplied) {
      synchronized (OneDnnIsaLimit.class) {
        if (!engineApplied) {
          LibtorchMkldnn.disable();
          engineApplied = true;
        }
      }
    }
  }

  /** The decision {@link #apply} made in this process, if it ran. */
  static Optional<Decision> decision() {
    return Optional.ofNullable(decided);
  }

  /**
   * The decision for a process with {@code environment}, from the cache or else the probe; prints
   * at most one line on {@code err}.
   */
  static Decision decide(
      Map<String, String> environment, OneDnnVerdictCache cache, Probe probe, PrintStream err) {
    return decide(environment, cache, probe, err::println);
  }

  static Decision decide(
      Map<String, String> environment,
      OneDnnVerdictCache cache,
      Probe probe,
      Consumer<String> err) {
    String user = environment.get(VARIABLE);
    if (user == null) {
      user = environment.get(LEGACY_VARIABLE);
    }
    if (user != null) {
      return new Decision(user, Source.USER, "");
    }
    Optional<OneDnnVerdictCache.Verdict> cached = cache.read();
    if (cached.isPresent()) {
      OneDnnVerdictCache.Verdict verdict = cached.get();
      if (verdict.exact()) {
        return new Decision(WIDE_ISA, Source.CACHE, verdict.reason());
      }
      err.accept(wrongKernelsLine(verdict.reason(), cache.describeLocation()));
      return new Decision(EXACT_ISA, Source.CACHE, verdict.reason());
    }
    ProbeResult result = probe.run();
    switch (result.outcome()) {
      case EXACT -> {
        cache.write(new OneDnnVerdictCache.Verdict(true, "", result.kernels()));
        return new Decision(WIDE_ISA, Source.PROBE, result.kernels());
      }
      case WRONG -> {
        cache.write(new OneDnnVerdictCache.Verdict(false, result.detail(), result.kernels()));
        err.accept(wrongKernelsLine(result.detail(), cache.describeLocation()));
        return new Decision(EXACT_ISA, Source.PROBE, result.detail());
      }
      default -> {
        err.accept(
            "xmcgan: could not check this CPU's wide oneDNN convolution kernels ("
                + result.detail()
                + "); this process uses libtorch's own convolutions, which are exact everywhere"
                + " and about 2.5x slower (set "
                + VARIABLE
                + " to choose; the check runs again next time)");
        return new Decision(EXACT_ISA, Source.PROBE_FAILED, result.detail());
      }
    }
  }

  /**
   * Called when the in-process self-check found the wide kernels wrong although this machine's
   * verdict said they were exact: the verdict is replaced so that the next process uses the cap.
   *
   * @return a sentence for the error message, or empty when the decision was not the verdict's
   */
  static String recordWrongInProcess(String reason) {
    Decision decision = decided;
    if (decision == null || !decision.wideByVerdict()) {
      return "";
    }
    OneDnnVerdictCache cache = OneDnnVerdictCache.forThisMachine();
    cache.write(new OneDnnVerdictCache.Verdict(false, reason, decision.detail()));
    return " This machine's cached verdict said the wide kernels were exact; it now says they are"
        + " not, so the next xmcgan process on it uses "
        + VARIABLE
        + "="
        + EXACT_ISA
        + " ("
        + cache.describeLocation()
        + ").";
  }

  private static String wrongKernelsLine(String reason, String location) {
    return "xmcgan: this CPU's wide oneDNN convolution kernels compute wrong results ("
        + reason
        + "); using libtorch's own convolutions instead, exact and about 2.5x slower. Verdict"
        + " cached in "
        + location;
  }
}

package io.xmcgan.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.xmcgan.model.Ops;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No code of the training step calls a DJL operation with a Java number ({@code x.mul(0.5f)}): each
 * such call copies a new host scalar to the device and, on a GPU, waits for it. Scalars go through
 * {@code Ops.constant}, which the step's host-synchronisation counter sees. Read from the compiled
 * classes' constant pools, so a new call anywhere in the model or the trainer fails here.
 */
class HostScalarCallsTest {

  private static final Set<String> ND_TYPES = Set.of("ai/djl/ndarray/NDArray");

  /** Run once per process at start-up, outside the training step. */
  private static final Set<String> OUTSIDE_THE_STEP =
      Set.of("io/xmcgan/model/ConvolutionSelfCheck");

  @Test
  void theModelAndTheTrainerNeverPassAJavaNumberToAnArrayOperation() throws Exception {
    List<String> calls = new ArrayList<>();
    calls.addAll(scan(location(Ops.class), "io/xmcgan/model/"));
    calls.addAll(scan(location(Trainer.class), "io/xmcgan/training/"));
    assertThat(calls).isEmpty();
  }

  @Test
  void theScanSeesSuchACall() throws Exception {
    assertThat(scan(location(HostScalarCallsTest.class), "io/xmcgan/training/HostScalarCallsTest"))
        .containsExactly("io/xmcgan/training/HostScalarCallsTest$Example calls NDArray.mul");
  }

  /** A deliberate host-scalar call, so the scan is seen to find one. */
  static final class Example {
    static ai.djl.ndarray.NDArray half(ai.djl.ndarray.NDArray x) {
      return x.mul(0.5f);
    }
  }

  private static Path location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> scan(Path root, String prefix) throws IOException {
    List<String> calls = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String name = root.relativize(file).toString().replace('\\', '/');
          if (name.startsWith(prefix)) {
            try (InputStream in = Files.newInputStream(file)) {
              calls.addAll(numberCalls(name.substring(0, name.length() - 6), in));
            }
          }
        }
      }
    } else {
      try (JarFile jar = new JarFile(root.toFile())) {
        for (var entry : jar.stream().toList()) {
          String name = entry.getName();
          if (name.startsWith(prefix) && name.endsWith(".class")) {
            try (InputStream in = jar.getInputStream(entry)) {
              calls.addAll(numberCalls(name.substring(0, name.length() - 6), in));
            }
          }
        }
      }
    }
    return calls;
  }

  /** The NDArray methods taking a java.lang.Number that a class file refers to. */
  private static List<String> numberCalls(String className, InputStream stream) throws IOException {
    if (OUTSIDE_THE_STEP.contains(className.replaceAll("\\$.*", ""))) {
      return List.of();
    }
    DataInputStream in = new DataInputStream(stream);
    in.readInt();
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[][] refs = new int[count][];
    int[] classNames = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 9, 10, 11, 12, 17, 18 ->
            refs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " in " + className);
      }
    }
    List<String> found = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      if (refs[i] == null || (refs[i][0] != 10 && refs[i][0] != 11)) {
        continue;
      }
      String owner = utf8[classNames[refs[i][1]]];
      int[] nameAndType = refs[refs[i][2]];
      String method = utf8[nameAndType[1]];
      String descriptor = utf8[nameAndType[2]];
      if (ND_TYPES.contains(owner) && descriptor.contains("Ljava/lang/Number;")) {
        found.add(className + " calls NDArray." + method);
      }
    }
    return found;
  }
}

package io.xmcgan.experiment.resolve;

import java.util.List;

/**
 * Channel multipliers and downsampling of the reference architecture for each supported image size.
 * 128 and 256 are the reference's (docs/reference-model.md, "Generator" and "Discriminator"); 32
 * and 64 follow the same pattern with fewer blocks, for demos and tests.
 */
public record ChannelPlan(
    List<Integer> generator, List<Integer> discriminator, List<Boolean> downsample) {

  public static final List<Integer> SUPPORTED_IMAGE_SIZES = List.of(32, 64, 128, 256);

  /** {@link #SUPPORTED_IMAGE_SIZES} as a CEL list for the CRD's rule (a test compares the two). */
  public static final String SUPPORTED_IMAGE_SIZES_CEL = "[32, 64, 128, 256]";

  /** The plan for an image size, or an exception naming the supported sizes. */
  public static ChannelPlan forImageSize(int imageSize) {
    return switch (imageSize) {
      case 32 -> new ChannelPlan(List.of(4, 4, 2, 1), List.of(1, 2, 4, 4), flags(3));
      case 64 -> new ChannelPlan(List.of(8, 8, 4, 2, 1), List.of(1, 2, 4, 8, 8), flags(4));
      case 128 ->
          new ChannelPlan(List.of(16, 16, 8, 4, 2, 1), List.of(1, 2, 4, 8, 16, 16), flags(5));
      case 256 ->
          new ChannelPlan(List.of(16, 16, 8, 8, 4, 2, 1), List.of(1, 2, 4, 8, 8, 16, 16), flags(6));
      default ->
          throw new IllegalArgumentException(
              "unsupported image size " + imageSize + "; supported: " + SUPPORTED_IMAGE_SIZES);
    };
  }

  /** {@code downsampling} true flags followed by one false (the last D block keeps the size). */
  private static List<Boolean> flags(int downsampling) {
    Boolean[] flags = new Boolean[downsampling + 1];
    java.util.Arrays.fill(flags, Boolean.TRUE);
    flags[downsampling] = Boolean.FALSE;
    return List.of(flags);
  }
}

package io.xmcgan.shapes;

import java.util.List;

/**
 * Colour-shape-background combinations the training split never draws, so the caption probe can ask
 * for pictures no training caption described (docs/evaluation.md, "Caption following"): each colour
 * once, every shape and background at least once, 6 of the 72 combinations. Each part of them is
 * seen in training, only not together: "a red triangle" on white and gray, red on black.
 */
public final class HeldOutCombinations {

  /** A colour, a shape and a background, as the captions name them. */
  public record Combination(String color, String shape, String background) {}

  public static final List<Combination> ALL =
      List.of(
          new Combination("red", "triangle", "black"),
          new Combination("green", "circle", "white"),
          new Combination("blue", "diamond", "gray"),
          new Combination("yellow", "square", "black"),
          new Combination("purple", "diamond", "white"),
          new Combination("orange", "circle", "gray"));

  private HeldOutCombinations() {}

  public static boolean contains(String color, String shape, String background) {
    return ALL.contains(new Combination(color, shape, background));
  }

  /** Whether some shape of the scene forms a held-out combination with its background. */
  static boolean containsAny(ShapesScene scene) {
    return scene.shapes().stream()
        .anyMatch(s -> contains(s.color().word(), s.kind().word(), scene.background().word()));
  }
}

package io.xmcgan.shapes;

import io.xmcgan.experiment.resolve.ResolvedExperiment;

/**
 * How the synthetic images are laid out: up to {@code maxShapes} shapes, one per cell of a {@code
 * grid} × {@code grid} layout, each sized to its cell. A smaller grid gives fewer, bigger objects:
 * at grid 3 a large shape spans 28 % of the image side, at grid 1 it spans 84 %.
 *
 * @param maxShapes 2: one or two shapes per image; 1: exactly one
 * @param grid cells per side, 1 to 3; two shapes need two cells, so grid 1 holds one shape
 */
public record ShapesLayout(int maxShapes, int grid) {

  public static final int MAX_GRID = 3;

  /** The dataset's original layout: one or two shapes on a 3 × 3 grid. */
  public static final ShapesLayout DEFAULT = new ShapesLayout(2, MAX_GRID);

  public ShapesLayout {
    if (maxShapes < 1 || maxShapes > 2) {
      throw new IllegalArgumentException("maxShapes must be 1 or 2, got " + maxShapes);
    }
    if (grid < 1 || grid > MAX_GRID) {
      throw new IllegalArgumentException("grid must be 1, 2 or 3, got " + grid);
    }
    if (grid == 1 && maxShapes != 1) {
      throw new IllegalArgumentException(
          "grid 1 has a single cell, so it holds one shape: set maxShapes to 1 (--max-shapes 1)");
    }
  }

  /** The layout of a resolved builtin source. */
  public static ShapesLayout of(ResolvedExperiment.Source source) {
    return new ShapesLayout(source.maxShapes(), source.grid());
  }
}

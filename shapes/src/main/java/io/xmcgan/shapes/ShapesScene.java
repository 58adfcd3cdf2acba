package io.xmcgan.shapes;

import java.util.List;

/**
 * What one synthetic image shows: a plain background and one or two shapes, each in its own cell of
 * a grid × grid layout.
 */
record ShapesScene(NamedColor background, List<PlacedShape> shapes, int grid) {

  /** A shape in grid cell (column, row), drawn centred on (centerX, centerY) in pixels. */
  record PlacedShape(
      ShapeKind kind,
      NamedColor color,
      boolean large,
      int column,
      int row,
      double centerX,
      double centerY,
      double extent) {

    String sizeWord() {
      return large ? "large" : "small";
    }
  }
}

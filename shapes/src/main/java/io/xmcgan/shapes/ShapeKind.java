package io.xmcgan.shapes;

import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** The shapes the synthetic dataset draws, with the word its captions use for each. */
enum ShapeKind {
  CIRCLE("circle"),
  SQUARE("square"),
  TRIANGLE("triangle"),
  DIAMOND("diamond");

  private final String word;

  ShapeKind(String word) {
    this.word = word;
  }

  String word() {
    return word;
  }

  /** The share of its {@code extent} × {@code extent} box the shape covers. */
  double areaFraction() {
    return switch (this) {
      case CIRCLE -> Math.PI / 4;
      case SQUARE -> 1;
      case TRIANGLE, DIAMOND -> 0.5;
    };
  }

  /** Fills the shape centred on (cx, cy) inside a box of side {@code extent}. */
  void fill(Graphics2D g, double cx, double cy, double extent) {
    double h = extent / 2;
    switch (this) {
      case CIRCLE -> g.fill(new Ellipse2D.Double(cx - h, cy - h, extent, extent));
      case SQUARE -> g.fill(new Rectangle2D.Double(cx - h, cy - h, extent, extent));
      case TRIANGLE -> g.fill(polygon(cx, cy - h, cx + h, cy + h, cx - h, cy + h));
      case DIAMOND -> g.fill(polygon(cx, cy - h, cx + h, cy, cx, cy + h, cx - h, cy));
    }
  }

  private static Path2D polygon(double... xy) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      path.lineTo(xy[i], xy[i + 1]);
    }
    path.closePath();
    return path;
  }
}

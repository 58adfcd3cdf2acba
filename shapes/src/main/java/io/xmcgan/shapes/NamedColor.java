package io.xmcgan.shapes;

import java.awt.Color;
import java.util.List;

/** A colour together with the word the captions use for it. */
record NamedColor(String word, Color rgb) {

  static final List<NamedColor> SHAPE_COLORS =
      List.of(
          new NamedColor("red", new Color(220, 40, 40)),
          new NamedColor("green", new Color(40, 170, 60)),
          new NamedColor("blue", new Color(40, 80, 220)),
          new NamedColor("yellow", new Color(235, 210, 40)),
          new NamedColor("purple", new Color(140, 60, 180)),
          new NamedColor("orange", new Color(245, 140, 30)));

  static final List<NamedColor> BACKGROUNDS =
      List.of(
          new NamedColor("white", new Color(245, 245, 245)),
          new NamedColor("black", new Color(20, 20, 20)),
          new NamedColor("gray", new Color(128, 128, 128)));
}

package io.xmcgan.shapes;

import io.xmcgan.shapes.ShapesScene.PlacedShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Writes five different captions for a scene. Every caption is true of the image; the templates
 * differ in which attributes (colour, size, position, relation, background) they mention, the way
 * human captions of one photo differ.
 */
final class ShapesCaptions {

  static final int CAPTIONS_PER_IMAGE = 5;

  /** The words for each grid cell, by grid size, column and row. */
  private static final Map<Integer, String[][]> POSITIONS =
      Map.of(
          1,
          new String[][] {{"in the center"}},
          2,
          new String[][] {
            {"in the top left corner", "in the bottom left corner"},
            {"in the top right corner", "in the bottom right corner"}
          },
          3,
          new String[][] {
            {"in the top left corner", "on the left", "in the bottom left corner"},
            {"at the top", "in the center", "at the bottom"},
            {"in the top right corner", "on the right", "in the bottom right corner"}
          });

  private static final List<Function<ShapesScene, String>> ONE_SHAPE =
      List.of(
          s -> a(colorKind(one(s))) + " " + position(s, one(s)),
          s -> a(sizeColorKind(one(s))),
          s -> a(sizeColorKind(one(s))) + " " + position(s, one(s)),
          s -> onBackground(colorKind(one(s)), s.background().word()),
          s -> onBackground(sizeColorKind(one(s)), s.background().word()),
          s ->
              a(colorKind(one(s)))
                  + " "
                  + position(s, one(s))
                  + " on a "
                  + s.background().word()
                  + " background",
          s -> "there is " + a(sizeColorKind(one(s))) + " " + position(s, one(s)) + ".",
          s -> "one " + colorKind(one(s)) + " " + position(s, one(s)) + " of the image",
          s -> "a " + one(s).sizeWord() + " " + one(s).kind().word() + " that is " + color(one(s)),
          s -> "A picture of " + a(colorKind(one(s))) + ".");

  private static final List<Function<ShapesScene, String>> TWO_SHAPES =
      List.of(
          s -> a(colorKind(first(s))) + " " + relation(s) + " " + a(colorKind(second(s))),
          s -> a(sizeColorKind(first(s))) + " " + relation(s) + " " + a(sizeColorKind(second(s))),
          s -> a(colorKind(second(s))) + " " + inverseRelation(s) + " " + a(colorKind(first(s))),
          s -> a(colorKind(first(s))) + " and " + a(colorKind(second(s))),
          s -> "two shapes: " + a(colorKind(first(s))) + " and " + a(colorKind(second(s))),
          s ->
              a(colorKind(first(s)))
                  + " and "
                  + a(colorKind(second(s)))
                  + " on a "
                  + s.background().word()
                  + " background",
          s ->
              "A "
                  + sizeColorKind(second(s))
                  + " "
                  + inverseRelation(s)
                  + " "
                  + a(sizeColorKind(first(s)))
                  + ".");

  private ShapesCaptions() {}

  /** Five distinct captions, templates chosen and ordered by {@code random}. */
  static List<String> describe(ShapesScene scene, SplittableRandom random) {
    List<Function<ShapesScene, String>> templates =
        new ArrayList<>(scene.shapes().size() == 1 ? ONE_SHAPE : TWO_SHAPES);
    List<String> captions = new ArrayList<>(CAPTIONS_PER_IMAGE);
    for (int i = 0; i < CAPTIONS_PER_IMAGE; i++) {
      captions.add(templates.remove(random.nextInt(templates.size())).apply(scene));
    }
    return captions;
  }

  /** "a red circle on a black background": the one-shape template that names the background. */
  static String onBackground(String colorKind, String background) {
    return a(colorKind) + " on a " + background + " background";
  }

  /** The phrase with its indefinite article: "an orange circle", "a red circle". */
  private static String a(String phrase) {
    return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
  }

  private static PlacedShape one(ShapesScene scene) {
    return scene.shapes().get(0);
  }

  private static PlacedShape first(ShapesScene scene) {
    return scene.shapes().get(0);
  }

  private static PlacedShape second(ShapesScene scene) {
    return scene.shapes().get(1);
  }

  private static String color(PlacedShape shape) {
    return shape.color().word();
  }

  private static String colorKind(PlacedShape shape) {
    return shape.color().word() + " " + shape.kind().word();
  }

  private static String sizeColorKind(PlacedShape shape) {
    return shape.sizeWord() + " " + colorKind(shape);
  }

  private static String position(ShapesScene scene, PlacedShape shape) {
    return POSITIONS.get(scene.grid())[shape.column()][shape.row()];
  }

  /**
   * How the first shape sits relative to the second. The generator puts the two shapes in the same
   * row or the same column, so exactly one relation holds.
   */
  private static String relation(ShapesScene scene) {
    return Relation.between(first(scene), second(scene)).words;
  }

  private static String inverseRelation(ShapesScene scene) {
    return Relation.between(second(scene), first(scene)).words;
  }

  private enum Relation {
    LEFT_OF("to the left of"),
    RIGHT_OF("to the right of"),
    ABOVE("above"),
    BELOW("below");

    private final String words;

    Relation(String words) {
      this.words = words;
    }

    static Relation between(PlacedShape a, PlacedShape b) {
      if (a.row() == b.row()) {
        return a.column() < b.column() ? LEFT_OF : RIGHT_OF;
      }
      return a.row() < b.row() ? ABOVE : BELOW;
    }
  }
}

package io.xmcgan.shapes;

import io.xmcgan.dataset.DataSpec;
import io.xmcgan.shapes.ShapesScene.PlacedShape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Draws synthetic shape images with their captions. Image {@code index} of a split depends only on
 * (seed, split, index), so any subset can be regenerated independently and in any order.
 */
public final class ShapesGenerator {

  /**
   * Shape extents as a fraction of the image side on the 3 × 3 grid; the large one still fits its
   * cell. Smaller grids scale them with the cell.
   */
  private static final double SMALL_EXTENT = 0.17;

  private static final double LARGE_EXTENT = 0.28;

  private final int imageSize;
  private final long seed;
  private final ShapesLayout layout;

  /** The default layout: one or two shapes on a 3 × 3 grid. */
  public ShapesGenerator(int imageSize, long seed) {
    this(imageSize, seed, ShapesLayout.DEFAULT);
  }

  public ShapesGenerator(int imageSize, long seed, ShapesLayout layout) {
    if (imageSize < 16) {
      throw new IllegalArgumentException(
          "shapes image size " + imageSize + " is too small to draw shapes: use 16 px or more");
    }
    this.imageSize = imageSize;
    this.seed = seed;
    this.layout = layout;
  }

  /** One rendered image: its PNG bytes and five different captions. */
  public record ShapesImage(int width, int height, byte[] png, List<String> captions) {}

  public ShapesImage render(String split, int index) {
    SplittableRandom random = random(split, index);
    ShapesScene scene = scene(split, random);
    List<String> captions = ShapesCaptions.describe(scene, random);
    return new ShapesImage(imageSize, imageSize, png(draw(scene)), captions);
  }

  /** The captions of image {@code index} without drawing it: the same as {@code render}'s. */
  public List<String> captions(String split, int index) {
    SplittableRandom random = random(split, index);
    return ShapesCaptions.describe(scene(split, random), random);
  }

  /** The scene behind image {@code index}, for tests that check pictures against captions. */
  ShapesScene scene(String split, int index) {
    return scene(split, random(split, index));
  }

  private SplittableRandom random(String split, int index) {
    return new SplittableRandom(mix(seed, split.hashCode(), index));
  }

  /**
   * A scene drawn from {@code random}; the training split draws again, from the same stream, while
   * the scene holds a {@link HeldOutCombinations held-out combination}.
   */
  private ShapesScene scene(String split, SplittableRandom random) {
    ShapesScene scene = scene(random);
    while (split.equals(DataSpec.TRAIN) && HeldOutCombinations.containsAny(scene)) {
      scene = scene(random);
    }
    return scene;
  }

  private ShapesScene scene(SplittableRandom random) {
    NamedColor background = pick(NamedColor.BACKGROUNDS, random);
    List<PlacedShape> shapes = new ArrayList<>(2);
    int grid = layout.grid();
    if (layout.maxShapes() == 1 || random.nextBoolean()) {
      shapes.add(place(random, random.nextInt(grid), random.nextInt(grid), null));
    } else {
      boolean sameRow = random.nextBoolean();
      int line = random.nextInt(grid);
      int a = random.nextInt(grid);
      int b = (a + 1 + random.nextInt(grid - 1)) % grid;
      PlacedShape first = sameRow ? place(random, a, line, null) : place(random, line, a, null);
      shapes.add(first);
      shapes.add(sameRow ? place(random, b, line, first) : place(random, line, b, first));
    }
    return new ShapesScene(background, List.copyOf(shapes), grid);
  }

  /** Places a shape in a grid cell; {@code other}, when given, must be told apart from it. */
  private PlacedShape place(SplittableRandom random, int column, int row, PlacedShape other) {
    ShapeKind kind;
    NamedColor color;
    do {
      kind = pick(List.of(ShapeKind.values()), random);
      color = pick(NamedColor.SHAPE_COLORS, random);
    } while (other != null && other.kind() == kind && other.color().equals(color));
    boolean large = random.nextBoolean();
    double cell = (double) imageSize / layout.grid();
    double extent =
        imageSize
            * (large ? LARGE_EXTENT : SMALL_EXTENT)
            * ((double) ShapesLayout.MAX_GRID / layout.grid());
    double slack = (cell - extent) / 2;
    double cx = (column + 0.5) * cell + (random.nextDouble() * 2 - 1) * slack;
    double cy = (row + 0.5) * cell + (random.nextDouble() * 2 - 1) * slack;
    return new PlacedShape(kind, color, large, column, row, cx, cy, extent);
  }

  private BufferedImage draw(ShapesScene scene) {
    BufferedImage image = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(scene.background().rgb());
      g.fillRect(0, 0, imageSize, imageSize);
      for (PlacedShape shape : scene.shapes()) {
        g.setColor(shape.color().rgb());
        shape.kind().fill(g, shape.centerX(), shape.centerY(), shape.extent());
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding of an in-memory image failed", e);
    }
    return out.toByteArray();
  }

  private static <T> T pick(List<T> options, SplittableRandom random) {
    return options.get(random.nextInt(options.size()));
  }

  /** A well-spread 64-bit key, so that neighbouring seeds and indices give unrelated images. */
  private static long mix(long seed, int split, int index) {
    return finalise(finalise(finalise(seed) ^ split) ^ index);
  }

  /** The MurmurHash3 64-bit finaliser. */
  private static long finalise(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93e2a60df53L;
    h ^= h >>> 33;
    return h;
  }
}

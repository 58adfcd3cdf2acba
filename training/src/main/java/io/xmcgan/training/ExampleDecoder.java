package io.xmcgan.training;

import io.xmcgan.image.RgbImage;
import io.xmcgan.model.DiscriminatorAugmentation;
import io.xmcgan.records.Example;
import io.xmcgan.records.ExampleCodec;
import io.xmcgan.records.MalformedProtoException;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Turns a shard record into a {@link TrainingExample} as the reference's online pipeline does
 * (docs/reference-model.md, "Input pipeline"): one caption chosen uniformly of those stored, a
 * random horizontal flip, the sentence embedding as the sum of all token vectors (padding included)
 * over max_len, and fresh N(0, 1) noise. Every draw comes from a generator seeded by (seed, epoch,
 * index), so an example is the same however often and on whichever thread it is decoded. Images are
 * stored at the experiment's size by preprocessing, so no resize happens here.
 */
public final class ExampleDecoder {

  public static final String IMAGE = "image";
  public static final String EMBEDDING = "caption/embedding";
  public static final String MAX_LEN = "caption/max_len";

  private final long seed;
  private final int imageSize;
  private final int tokens;
  private final int textDim;
  private final int zDim;

  public ExampleDecoder(long seed, int imageSize, int tokens, int textDim, int zDim) {
    this.seed = seed;
    this.imageSize = imageSize;
    this.tokens = tokens;
    this.textDim = textDim;
    this.zDim = zDim;
  }

  /**
   * @param source where the record came from, for messages
   */
  public TrainingExample decode(byte[] record, DataPosition position, String source) {
    Example example;
    float[] embeddings;
    long[] maxLens;
    byte[] png;
    try {
      example = ExampleCodec.decode(record);
      embeddings = example.floats(EMBEDDING);
      maxLens = example.int64s(MAX_LEN);
      png = example.bytes(IMAGE);
    } catch (MalformedProtoException | IllegalArgumentException | IllegalStateException e) {
      throw new TrainingDataException(
          "record at "
              + position
              + " of "
              + source
              + " is not a training example: "
              + e.getMessage(),
          e);
    }
    int captions = maxLens.length;
    int perCaption = tokens * textDim;
    if (captions == 0 || embeddings.length != captions * perCaption) {
      throw new TrainingDataException(
          "record at "
              + position
              + " of "
              + source
              + " has "
              + embeddings.length
              + " embedding values for "
              + captions
              + " captions; expected "
              + captions
              + " x "
              + tokens
              + " tokens x "
              + textDim
              + " (the experiment's text encoder width). Preprocess the data with this"
              + " experiment's text encoder");
    }
    SplittableRandom random =
        new SplittableRandom(Seeds.mix(seed, Seeds.EXAMPLE, position.epoch(), position.index()));
    int caption = random.nextInt(captions);
    boolean flip = random.nextBoolean();
    float[] noise = new float[zDim];
    for (int i = 0; i < zDim; i++) {
      noise[i] = (float) random.nextGaussian();
    }
    // Drawn after everything else, so that the draws above are those of a run without them.
    int reach = DiscriminatorAugmentation.reach(imageSize);
    int shiftX = random.nextInt(2 * reach + 1) - reach;
    int shiftY = random.nextInt(2 * reach + 1) - reach;
    float maxLen = maxLens[caption];
    if (maxLen < 1) {
      throw new TrainingDataException(
          "record at " + position + " of " + source + " has caption/max_len " + maxLens[caption]);
    }
    float[] words = new float[perCaption];
    System.arraycopy(embeddings, caption * perCaption, words, 0, perCaption);
    float[] sentence = new float[textDim];
    for (int t = 0; t < tokens; t++) {
      for (int e = 0; e < textDim; e++) {
        sentence[e] += words[t * textDim + e];
      }
    }
    for (int e = 0; e < textDim; e++) {
      sentence[e] /= maxLen;
    }
    return new TrainingExample(
        decodeImage(png, flip, position, source), words, maxLen, sentence, noise, shiftX, shiftY);
  }

  private float[] decodeImage(byte[] png, boolean flip, DataPosition position, String source) {
    RgbImage image;
    try {
      image = RgbImage.decode(png);
    } catch (IOException e) {
      image = null;
    }
    if (image == null) {
      throw new TrainingDataException(
          "record at " + position + " of " + source + " has an image that cannot be decoded");
    }
    if (image.width() != imageSize || image.height() != imageSize) {
      throw new TrainingDataException(
          "record at "
              + position
              + " of "
              + source
              + " has a "
              + image.width()
              + "x"
              + image.height()
              + " image; the experiment trains at "
              + imageSize
              + "x"
              + imageSize
              + ". Preprocess the data at this image size");
    }
    int plane = imageSize * imageSize;
    float[] chw = new float[3 * plane];
    byte[] rgb = image.rgb();
    for (int y = 0; y < imageSize; y++) {
      for (int x = 0; x < imageSize; x++) {
        int from = (y * imageSize + (flip ? imageSize - 1 - x : x)) * 3;
        int to = y * imageSize + x;
        chw[to] = (rgb[from] & 0xff) / 255f;
        chw[plane + to] = (rgb[from + 1] & 0xff) / 255f;
        chw[2 * plane + to] = (rgb[from + 2] & 0xff) / 255f;
      }
    }
    return chw;
  }
}

package io.xmcgan.text;

import java.util.List;

/**
 * A semantic sanity check for a sentence encoder: pairs of captions that say the same thing in
 * other words, each to be closer (cosine) to its paraphrase than to any caption of another pair.
 */
final class SemanticCheck {

  /** Captions 2k and 2k+1 are paraphrases; pairs are unrelated to each other. */
  static final List<String> CAPTIONS =
      List.of(
          "a man riding a wave on top of a surfboard",
          "a surfer rides a large ocean wave",
          "two dogs playing with a frisbee in the park",
          "a pair of puppies chase a flying disc on the grass",
          "a plate of spaghetti with meatballs",
          "a dish of pasta topped with meat balls",
          "a red double decker bus on a city street",
          "a big red bus driving down the road in town",
          "a cat sleeping on a laptop keyboard",
          "a kitten naps on top of a computer");

  private SemanticCheck() {}

  /**
   * The smallest, over every caption, of (cosine to its paraphrase) − (highest cosine to a caption
   * of another pair); positive when every caption is closest to its paraphrase.
   */
  static double worstMargin(float[][] sentences) {
    double worst = Double.POSITIVE_INFINITY;
    for (int i = 0; i < sentences.length; i++) {
      int partner = i ^ 1;
      double paraphrase = cosine(sentences[i], sentences[partner]);
      double unrelated = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < sentences.length; j++) {
        if (j != i && j != partner) {
          unrelated = Math.max(unrelated, cosine(sentences[i], sentences[j]));
        }
      }
      worst = Math.min(worst, paraphrase - unrelated);
    }
    return worst;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int k = 0; k < a.length; k++) {
      dot += a[k] * b[k];
      na += a[k] * a[k];
      nb += b[k] * b[k];
    }
    return dot / Math.sqrt(na * nb);
  }
}

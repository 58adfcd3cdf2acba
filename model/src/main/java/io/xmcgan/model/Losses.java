package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * The XMC-GAN loss terms (docs/reference-model.md, "Losses"). Contrastive terms take their
 * negatives only within groups of {@code groupSize} consecutive samples (the reference's per-device
 * batch of 8) and average the per-group losses, so the loss scale does not depend on the batch
 * size.
 */
public final class Losses {

  private Losses() {}

  /** A loss with the matching accuracy of its contrastive head (both scalars). */
  public record Contrastive(NDArray loss, NDArray accuracy) {}

  /** mean(relu(1 - D(real))) + mean(relu(1 + D(fake))). */
  public static NDArray hingeDiscriminator(NDArray realLogits, NDArray fakeLogits) {
    return Activation.relu(Ops.shift(realLogits.neg(), 1))
        .mean()
        .add(Activation.relu(Ops.shift(fakeLogits, 1)).mean());
  }

  /** -mean(D(fake)). */
  public static NDArray hingeGenerator(NDArray fakeLogits) {
    return fakeLogits.mean().neg();
  }

  /**
   * Symmetric InfoNCE: CE(a^ b^T / tau, I) + CE(b^ a^T / tau, I) over each group, a^ and b^ the
   * L2-normalised rows of a (N, D) and b (N, D); the mean over groups.
   */
  public static Contrastive contrastive(NDArray a, NDArray b, double temperature, int groupSize) {
    long n = a.getShape().get(0);
    long group = groupOf(n, groupSize);
    NDArray an = Ops.l2Normalize(a, -1).reshape(n / group, group, -1);
    NDArray bn = Ops.l2Normalize(b, -1).reshape(n / group, group, -1);
    NDArray logits = Ops.scale(an.batchMatMul(bn.transpose(0, 2, 1)), 1.0 / temperature);
    return symmetric(logits);
  }

  /**
   * The word-region loss. For sentence i and image j of a group: each word attends over the regions
   * with gamma1 * cos (padded words masked), giving a context c_t (a mix of normalised regions);
   * S(i, j) = log sum over real words of exp(gamma2 * cos(w_t, c_t)) / gamma2; the logits gamma3 *
   * S enter CE in both directions. regions (N, R, E), words (N, T, E), mask (N, T) with 1 on
   * padding.
   */
  public static Contrastive wordRegion(
      NDArray regions,
      NDArray words,
      NDArray mask,
      double gamma1,
      double gamma2,
      double gamma3,
      int groupSize) {
    long n = regions.getShape().get(0);
    long r = regions.getShape().get(1);
    long e = regions.getShape().get(2);
    long t = words.getShape().get(1);
    long group = groupOf(n, groupSize);
    long groups = n / group;
    // Axes: (group, sentence i, image j, ...).
    NDArray regionsN = Ops.l2Normalize(regions, -1).reshape(groups, 1, group, r, e);
    NDArray wordsN = Ops.l2Normalize(words, -1).reshape(groups, group, 1, t, e);
    NDArray penalty =
        Ops.scale(mask.reshape(groups, group, 1, 1, t), WordRegionAttention.MASK_PENALTY);
    NDArray attention =
        Ops.scale(regionsN.matMul(wordsN.transpose(0, 1, 2, 4, 3)), gamma1).add(penalty);
    NDArray alpha = attention.softmax(-2);
    NDArray context = alpha.transpose(0, 1, 2, 4, 3).matMul(regionsN);
    NDArray cosine = wordsN.mul(Ops.l2Normalize(context, -1)).sum(new int[] {-1});
    NDArray rowLogits =
        Ops.scale(cosine, gamma2)
            .add(Ops.scale(mask.reshape(groups, group, 1, t), WordRegionAttention.MASK_PENALTY));
    NDArray similarity = Ops.scale(logSumExp(rowLogits, -1), gamma3 / gamma2);
    return symmetric(similarity);
  }

  /** CE(M, I) + CE(M^T, I) averaged over the groups of M (groups, g, g), with the accuracy. */
  private static Contrastive symmetric(NDArray logits) {
    NDArray transposed = logits.transpose(0, 2, 1);
    NDArray loss = identityCrossEntropy(logits).add(identityCrossEntropy(transposed));
    NDArray accuracy = Ops.scale(identityAccuracy(logits).add(identityAccuracy(transposed)), 0.5);
    return new Contrastive(loss, accuracy);
  }

  private static NDArray identityCrossEntropy(NDArray logits) {
    long g = logits.getShape().get(1);
    NDArray eye = logits.getManager().eye((int) g);
    return Ops.scale(logits.logSoftmax(-1).mul(eye).sum(new int[] {1, 2}).mean(), -1.0 / g);
  }

  private static NDArray identityAccuracy(NDArray logits) {
    long g = logits.getShape().get(1);
    NDArray target = logits.getManager().arange(0, (int) g, 1, DataType.INT64);
    return logits.argMax(-1).eq(target).toType(DataType.FLOAT32, false).mean();
  }

  private static NDArray logSumExp(NDArray x, int axis) {
    NDArray max = x.max(new int[] {axis}, true).stopGradient();
    return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
  }

  private static long groupOf(long n, int groupSize) {
    long group = Math.min(n, groupSize);
    if (n % group != 0) {
      throw new IllegalArgumentException(
          "batch of "
              + n
              + " samples is not a multiple of the contrastive group size "
              + groupSize
              + "; use a batch that is a multiple of "
              + groupSize);
    }
    return group;
  }
}

package io.xmcgan.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import io.xmcgan.experiment.spec.Augmentation;

/**
 * What the discriminator's input images go through when an experiment sets {@code
 * training.augmentation} (docs/training.md, "Discriminator augmentation"): the translation of
 * differentiable augmentation (DiffAugment), applied to real and generated images alike, in the
 * D-only and the joint sub-step, so that D cannot tell them apart by the transform and G's gradient
 * flows back through it. Each image moves by its batch's {@link Batch#shifts() shift}, up to {@link
 * #reach} pixels each way, and the border's pixels are repeated into the gap: the shapes dataset's
 * uniform backgrounds stay uniform and no colour appears that the image did not have.
 */
public final class DiscriminatorAugmentation {

  private DiscriminatorAugmentation() {}

  /** The largest shift for images of {@code imageSize} pixels: an eighth of the side, rounded. */
  public static int reach(int imageSize) {
    return (int) Math.round(imageSize / 8.0);
  }

  /**
   * D's view of {@code images}: as they are under {@link Augmentation#none}; under {@link
   * Augmentation#translation}, image i of the {@code copies} stacked copies of the batch (real,
   * then generated) shifted by the batch's shift i.
   */
  static NDArray apply(Augmentation augmentation, NDArray images, Batch batch, int copies) {
    if (augmentation == Augmentation.none) {
      return images;
    }
    int[] shifts = new int[batch.shifts().length * copies];
    for (int c = 0; c < copies; c++) {
      System.arraycopy(batch.shifts(), 0, shifts, c * batch.shifts().length, batch.shifts().length);
    }
    return translate(images, shifts);
  }

  /**
   * Image i of {@code images} (N, C, H, W) moved right by {@code shifts[2i]} and down by {@code
   * shifts[2i + 1]} pixels (negative: left, up), with edge pixels repeated into the gap.
   */
  static NDArray translate(NDArray images, int[] shifts) {
    int n = (int) images.getShape().get(0);
    long height = images.getShape().get(2);
    long width = images.getShape().get(3);
    int pad = 0;
    for (int shift : shifts) {
      pad = Math.max(pad, Math.abs(shift));
    }
    if (pad == 0) {
      return images;
    }
    NDArray padded = repeatBorders(repeatBorders(images, 2, pad), 3, pad);
    NDList shifted = new NDList(n);
    for (int i = 0; i < n; i++) {
      long top = pad - shifts[2 * i + 1];
      long left = pad - shifts[2 * i];
      shifted.add(
          padded.get(
              new NDIndex(
                  "{}:{}, :, {}:{}, {}:{}", i, i + 1, top, top + height, left, left + width)));
    }
    return NDArrays.concat(shifted, 0);
  }

  /** {@code array} with its first and last slices along {@code axis} repeated {@code pad} times. */
  private static NDArray repeatBorders(NDArray array, int axis, int pad) {
    long size = array.getShape().get(axis);
    return NDArrays.concat(
        new NDList(
            array.get(new NDIndex().addAllDim(axis).addSliceDim(0, 1)).repeat(axis, pad),
            array,
            array.get(new NDIndex().addAllDim(axis).addSliceDim(size - 1, size)).repeat(axis, pad)),
        axis);
  }
}

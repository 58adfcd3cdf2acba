package io.xmcgan.training;

/**
 * Where the training stream stands: the next example is number {@code index} (counted from 0) of
 * epoch {@code epoch}'s shuffled order. Together with the seed it determines every example, caption
 * choice, flip and noise vector that follows, so a resumed run continues the same stream.
 */
public record DataPosition(long epoch, long index) {

  public static final DataPosition START = new DataPosition(0, 0);

  public DataPosition {
    if (epoch < 0 || index < 0) {
      throw new IllegalArgumentException(
          "data position must not be negative, got epoch " + epoch + " index " + index);
    }
  }

  /** The position after the next example of an epoch of {@code epochSize} examples. */
  public DataPosition next(long epochSize) {
    return index + 1 >= epochSize
        ? new DataPosition(epoch + 1, 0)
        : new DataPosition(epoch, index + 1);
  }
}

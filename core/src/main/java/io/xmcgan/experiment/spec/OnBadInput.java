package io.xmcgan.experiment.spec;

/** What preprocessing does with an image or caption it cannot read. Constants are wire values. */
public enum OnBadInput {
  /** Stop the shard with exit code 2 (invalid input), naming the file. */
  fail,
  /** Leave the example out and count it in the data manifest. */
  skip
}

package io.xmcgan.preprocess;

import java.io.IOException;
import java.util.List;

/**
 * One image of the input with its captions, before decoding. {@code index} is its position in the
 * split (the order of the captions file's {@code images} array), which decides its shard.
 */
record InputExample(int index, String file, List<String> captions, ImageBytes image) {

  /** Reads the image's encoded bytes when the shard gets to it. */
  @FunctionalInterface
  interface ImageBytes {
    byte[] read() throws IOException;
  }
}

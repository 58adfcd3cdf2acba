package io.xmcgan.preprocessing;

import java.io.IOException;
import java.util.List;

/** One image of the input with its captions, before decoding. */
record InputExample(String file, List<String> captions, ImageBytes image) {

  /** Reads the image's encoded bytes when the shard gets to it. */
  @FunctionalInterface
  interface ImageBytes {
    byte[] read() throws IOException;
  }
}

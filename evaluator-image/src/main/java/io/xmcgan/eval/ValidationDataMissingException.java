package io.xmcgan.eval;

/** Evaluation needs the preprocessed validation split, which is not there (yet). */
public class ValidationDataMissingException extends IllegalStateException {

  public ValidationDataMissingException(String root) {
    super(
        root
            + "data/"
            + ValidationData.SPLIT
            + ".manifest.json does not exist: the validation split has not been preprocessed;"
            + " run preprocessing first");
  }
}

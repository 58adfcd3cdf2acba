package io.xmcgan.evaluation;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The two statistics files of {@code fid}, shared by the evaluator's command and the CLI's. */
public final class FidInputs {

  @Parameters(index = "0", paramLabel = "A.npz", description = "First statistics file.")
  Path first;

  @Parameters(index = "1", paramLabel = "B.npz", description = "Second statistics file.")
  Path second;
}

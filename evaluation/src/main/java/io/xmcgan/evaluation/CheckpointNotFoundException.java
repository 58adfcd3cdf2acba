package io.xmcgan.evaluation;

import java.util.List;

/** The step asked for has no complete checkpoint (never written, incomplete or deleted). */
public class CheckpointNotFoundException extends IllegalArgumentException {

  public CheckpointNotFoundException(String location, long step, List<Long> complete) {
    super(
        "no complete checkpoint of step "
            + step
            + " in "
            + location
            + "; complete checkpoints: "
            + (complete.isEmpty() ? "none" : complete));
  }
}

package io.xmcgan.serve;

import io.xmcgan.storage.files.EvaluationMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The evaluated checkpoints of an experiment: its {@code metrics/step-N.json} files, by step. */
public final class Evaluations {

  private Evaluations() {}

  /** The FID of each evaluated step in {@code metrics}. */
  public static Map<Long, Double> fidByStep(List<EvaluationMetrics> metrics) {
    Map<Long, Double> fids = new LinkedHashMap<>();
    for (EvaluationMetrics m : metrics) {
      fids.put(m.step(), m.fid());
    }
    return fids;
  }
}

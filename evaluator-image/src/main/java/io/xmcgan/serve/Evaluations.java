package io.xmcgan.serve;

import io.xmcgan.eval.EvaluationMetrics;
import io.xmcgan.storage.ObjectInfo;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The evaluated checkpoints of an experiment: its {@code metrics/step-N.json} files, by step. */
public final class Evaluations {

  private Evaluations() {}

  /** Every evaluation, oldest step first. */
  public static List<EvaluationMetrics> read(ObjectStore store) throws IOException {
    List<EvaluationMetrics> metrics = new ArrayList<>();
    for (ObjectInfo info : store.list(StorageLayout.METRICS_DIR)) {
      String name = info.key().substring(StorageLayout.METRICS_DIR.length());
      OptionalLong step = StorageLayout.parseStepName(name);
      if (step.isPresent() && name.endsWith(".json")) {
        metrics.add(EvaluationMetrics.fromJson(store.readBytes(info.key())));
      }
    }
    metrics.sort(Comparator.comparingLong(EvaluationMetrics::step));
    return metrics;
  }

  /** The FID of each evaluated step in {@code metrics}. */
  public static Map<Long, Double> fidByStep(List<EvaluationMetrics> metrics) {
    Map<Long, Double> fids = new LinkedHashMap<>();
    for (EvaluationMetrics m : metrics) {
      fids.put(m.step(), m.fid());
    }
    return fids;
  }
}

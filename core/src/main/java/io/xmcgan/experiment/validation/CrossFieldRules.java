package io.xmcgan.experiment.validation;

import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.experiment.spec.DataSourceSpec;
import io.xmcgan.experiment.spec.EvaluationSpec;
import io.xmcgan.experiment.spec.ExperimentSpec;
import io.xmcgan.experiment.spec.PreprocessingSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules between fields, checked on the resolved values so that every default they involve is
 * the one the run uses. The spec says which values were given (for the messages) and which are
 * invalid in form: a rule whose own fields are invalid is left to {@link ExperimentValidator}'s
 * message.
 */
public final class CrossFieldRules {

  private final List<Violation> violations = new ArrayList<>();
  private final ModelConfig model;
  private final ResolvedExperiment.Data data;
  private final ResolvedExperiment.Training training;
  private final ResolvedExperiment.Evaluation evaluation;
  private final ExperimentSpec spec;

  private CrossFieldRules(
      ModelConfig model,
      ResolvedExperiment.Data data,
      ResolvedExperiment.Training training,
      ResolvedExperiment.Evaluation evaluation,
      ExperimentSpec spec) {
    this.model = model;
    this.data = data;
    this.training = training;
    this.evaluation = evaluation;
    this.spec = spec;
  }

  public static List<Violation> check(
      ModelConfig model,
      ResolvedExperiment.Data data,
      ResolvedExperiment.Training training,
      ResolvedExperiment.Evaluation evaluation,
      ExperimentSpec spec) {
    CrossFieldRules rules = new CrossFieldRules(model, data, training, evaluation, spec);
    rules.checkDataset();
    rules.checkTraining();
    rules.checkEvaluation();
    return rules.violations;
  }

  private void checkDataset() {
    PreprocessingSpec preprocessing = spec.getDataset().getPreprocessing();
    if (preprocessing != null
        && preprocessing.getParallelism() != null
        && data.parallelism() > data.shards()) {
      violations.add(
          Violation.warning(
              "spec.dataset.preprocessing.parallelism",
              "is above shards (" + data.shards() + "); only " + data.shards() + " pods will run",
              data.parallelism()));
    }
    checkLayout("spec.dataset.source", spec.getDataset().getSource(), data.source());
    checkLayout(
        "spec.dataset.validationSource",
        spec.getDataset().getValidationSource(),
        data.validationSource());
  }

  /**
   * A one-cell grid holds one shape; a validation source inherits the training source's layout.
   *
   * @param given the source as written: only a builtin one that is not also given URIs has a layout
   */
  private void checkLayout(String path, DataSourceSpec given, ResolvedExperiment.Source source) {
    boolean builtin =
        given != null
            && given.getBuiltin() != null
            && given.getCaptionsUri() == null
            && given.getImagesUri() == null;
    if (builtin && source.grid() == 1 && source.maxShapes() != 1) {
      violations.add(
          Violation.error(
              path + ".grid",
              "1 has a single cell, so it holds one shape: set maxShapes: 1 as well, or use grid 2"
                  + " or 3",
              1));
    }
  }

  private void checkTraining() {
    String path = "spec.training";
    checkBatch(path);
    if (training.checkpointEvery() > training.steps()) {
      violations.add(
          Violation.error(
              path + ".checkpointEvery",
              "must be <= training.steps (" + training.steps() + ")",
              training.checkpointEvery()));
    }
    if (training.imageEncoderUri() == null && model.losses().imageEncoder().enabled()) {
      violations.add(
          Violation.error(
              path + ".imageEncoder.uri",
              "is required while model.losses.imageEncoder is enabled (preset "
                  + model.preset()
                  + "); set it, or set model.losses.imageEncoder.enabled: false"));
    }
  }

  /**
   * The global batch must split evenly over the pod's devices, and each device's share must form
   * whole contrastive groups when it is larger than one group.
   */
  private void checkBatch(String path) {
    Integer gpus = spec.getTraining().getGpusPerPod();
    Integer given = spec.getTraining().getBatchSize();
    if ((gpus != null && gpus < 0) || (given != null && given < 1)) {
      return;
    }
    String which = given == null ? " (the default for preset " + model.preset() + ")" : "";
    int devices = training.devices();
    int batch = training.batchSize();
    if (batch % devices != 0) {
      int lower = Math.max(devices, batch / devices * devices);
      violations.add(
          Violation.error(
              path + ".batchSize",
              "must divide by gpusPerPod="
                  + devices
                  + which
                  + ": each GPU takes an equal share; use "
                  + lower
                  + " or "
                  + (lower + devices)
                  + ", or change gpusPerPod",
              batch));
      return;
    }
    int perDevice = batch / devices;
    int group = model.groupSize();
    if (perDevice > group && perDevice % group != 0) {
      violations.add(
          Violation.error(
              path + ".batchSize",
              "gives "
                  + perDevice
                  + " images per device"
                  + which
                  + "; above "
                  + group
                  + " a device's share must be a multiple of the contrastive group size "
                  + group
                  + ", e.g. batchSize "
                  + (perDevice / group * group * devices),
              batch));
    }
  }

  private void checkEvaluation() {
    String path = "spec.evaluation";
    EvaluationSpec given =
        spec.getEvaluation() == null ? new EvaluationSpec() : spec.getEvaluation();
    int checkpointEvery = training.checkpointEvery();
    if (given.getEvery() != null
        && evaluation.every() >= 1
        && checkpointEvery >= 1
        && evaluation.every() % checkpointEvery != 0) {
      violations.add(
          Violation.error(
              path + ".every",
              "must be a multiple of training.checkpointEvery ("
                  + checkpointEvery
                  + "): only checkpoints can be evaluated",
              evaluation.every()));
    }
    boolean numImagesValid = given.getNumImages() == null || given.getNumImages() >= 2;
    if (numImagesValid && evaluation.inceptionSplits() > evaluation.numImages()) {
      violations.add(
          Violation.error(
              path + ".inceptionSplits",
              "must be <= evaluation.numImages (" + evaluation.numImages() + ")",
              evaluation.inceptionSplits()));
    }
  }
}

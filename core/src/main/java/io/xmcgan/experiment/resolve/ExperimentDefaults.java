package io.xmcgan.experiment.resolve;

import io.xmcgan.experiment.spec.Augmentation;
import io.xmcgan.experiment.spec.Precision;
import java.util.Map;

/**
 * The default of every optional spec field, in one place: the resolver applies them and the CRD
 * schema's {@code @Default} annotations are built from the same constants, so what {@code kubectl
 * explain} shows is what a run gets. Training and evaluation values are the reference's
 * (docs/reference-model.md, "Training step and hyper-parameters" and "Evaluation protocol").
 */
public final class ExperimentDefaults {

  public static final int SHAPES_SIZE = 1024;
  public static final long SHAPES_SEED = 0;
  public static final int SHAPES_VALIDATION_SIZE = 256;
  public static final int SHAPES_MAX_SHAPES = 2;
  public static final int SHAPES_GRID = 3;
  public static final int PREPROCESSING_SHARDS = 8;
  public static final int PREPROCESSING_PARALLELISM = 4;
  public static final int MAX_TOKENS = 17;

  /** Images per device per sub-step when no global batch is given, for the other presets. */
  public static final int BATCH_SIZE_PER_DEVICE = 8;

  /** The reference's global batch: 7 GPUs x 8 images per sub-step (docs/training.md). */
  public static final int REFERENCE_BATCH_SIZE = 56;

  public static final int GPUS_PER_POD = 1;
  public static final int EVALUATION_GPUS_PER_POD = 0;
  public static final int D_STEPS_PER_G_STEP = 2;

  /** The reference does not augment what D sees. */
  public static final Augmentation AUGMENTATION = Augmentation.none;

  public static final double GENERATOR_LEARNING_RATE = 1e-4;
  public static final double DISCRIMINATOR_LEARNING_RATE = 4e-4;
  public static final double BETA1 = 0.5;
  public static final double BETA2 = 0.999;
  public static final double ADAM_EPSILON = 1e-8;
  public static final double EMA_DECAY = 0.999;
  public static final int CHECKPOINT_EVERY = 5000;
  public static final int KEEP_CHECKPOINTS = 5;
  public static final long SEED = 42;
  public static final int SUMMARY_EVERY = 1000;

  public static final int EVAL_NUM_IMAGES = 30000;
  public static final int EVAL_REPEATS = 3;
  public static final int INCEPTION_SPLITS = 10;

  public static final String STORAGE_PREFIX = "xmcgan";
  public static final String STORAGE_REGION = "us-east-1";
  public static final String LOCAL_STORAGE_DIR = "runs";

  public static final int BACKOFF_LIMIT = 3;
  public static final long STARTUP_DEADLINE_SECONDS = 600;

  public static final String NAMESPACE = "default";

  /**
   * A training pod's grace period after SIGTERM: one step plus one checkpoint write of the preset,
   * at a pessimistic 20 MB/s to object storage, rounded up to a minute (a coco-128 checkpoint is
   * 2.31 GB, docs/training.md; coco-256's is about 15 % larger; tiny's a few MB).
   */
  private static final Map<String, Long> TRAINING_GRACE_SECONDS =
      Map.of(ModelPresets.TINY, 60L, ModelPresets.COCO_128, 180L, ModelPresets.COCO_256, 240L);

  private ExperimentDefaults() {}

  /** The global batch of a preset on {@code devices} devices: the reference's for coco. */
  public static int batchSize(String preset, int devices) {
    return preset.startsWith("coco-") ? REFERENCE_BATCH_SIZE : BATCH_SIZE_PER_DEVICE * devices;
  }

  /** TF32 on GPUs, where cuDNN already uses it for convolutions; exact float32 on the CPU. */
  public static Precision precision(int gpus) {
    return gpus > 0 ? Precision.tf32 : Precision.fp32;
  }

  /** The default grace period of the preset's training pods, in seconds. */
  public static long trainingGracePeriodSeconds(String preset) {
    return TRAINING_GRACE_SECONDS.getOrDefault(preset, 180L);
  }
}

package io.xmcgan.experiment;

/**
 * The default of every optional spec field, in one place: the resolver applies them and the CRD
 * schema's {@code @Default} annotations are built from the same constants, so what {@code kubectl
 * explain} shows is what a run gets. Training and evaluation values are the reference's
 * (xmcgan-spec.md sections 5 to 7).
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

  public static final int BATCH_SIZE_PER_GPU = 8;
  public static final int GPUS_PER_POD = 1;
  public static final int D_STEPS_PER_G_STEP = 2;
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

  private ExperimentDefaults() {}
}

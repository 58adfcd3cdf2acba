package io.xmcgan.stage;

/**
 * The three stages of an experiment. On a cluster each is a Job running the image command of the
 * same name; locally the CLI runs the same commands in-process. The name is also the value of the
 * {@code xmcgan.io/stage} label, the word in a child's name and the progress bar's label.
 */
public enum Stage {
  PREPROCESS(Commands.PREPROCESS, "Preprocessing"),
  TRAIN(Commands.TRAIN, "Training"),
  EVALUATE(Commands.EVALUATE, "Evaluation");

  /**
   * The stages' command names as constants, for annotations (picocli's {@code name}), which take no
   * enum values.
   */
  public static final class Commands {
    public static final String PREPROCESS = "preprocess";
    public static final String TRAIN = "train";
    public static final String EVALUATE = "evaluate";

    private Commands() {}
  }

  private final String label;
  private final String title;

  Stage(String label, String title) {
    this.label = label;
    this.title = title;
  }

  /** The stage's name at the start of a sentence: Preprocessing, Training, Evaluation. */
  public String title() {
    return title;
  }

  /** The image command, the {@code xmcgan.io/stage} label and the word in a child's name. */
  public String label() {
    return label;
  }

  public static Stage fromLabel(String value) {
    for (Stage stage : values()) {
      if (stage.label.equals(value)) {
        return stage;
      }
    }
    throw new IllegalArgumentException(
        "unknown stage label '" + value + "' (expected preprocess, train or evaluate)");
  }
}

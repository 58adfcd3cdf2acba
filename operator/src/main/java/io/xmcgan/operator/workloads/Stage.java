package io.xmcgan.operator.workloads;

/** The three workloads of an experiment, each a Job running one command of an image. */
public enum Stage {
  PREPROCESS("preprocess", "Preprocessing"),
  TRAIN("train", "Training"),
  EVALUATE("evaluate", "Evaluation");

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

  /** The value of the {@code xmcgan.io/stage} label and the word in the child's name. */
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

package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Overrides of the four contrastive terms of the objective; the hinge terms are always on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sentence", "word", "image", "imageEncoder"})
public class LossesSpec {

  @JsonPropertyDescription("Sentence-image InfoNCE through D's pooled feature.")
  private LossTermSpec sentence;

  @JsonPropertyDescription("Word-region loss through D's region features.")
  private LossTermSpec word;

  @JsonPropertyDescription("Real-fake image InfoNCE on D's pooled feature (generator only).")
  private LossTermSpec image;

  @JsonPropertyDescription(
      "Real-fake image InfoNCE on the frozen image encoder (generator only); needs training.imageEncoder.uri.")
  private LossTermSpec imageEncoder;

  public LossTermSpec getSentence() {
    return sentence;
  }

  public void setSentence(LossTermSpec sentence) {
    this.sentence = sentence;
  }

  public LossTermSpec getWord() {
    return word;
  }

  public void setWord(LossTermSpec word) {
    this.word = word;
  }

  public LossTermSpec getImage() {
    return image;
  }

  public void setImage(LossTermSpec image) {
    this.image = image;
  }

  public LossTermSpec getImageEncoder() {
    return imageEncoder;
  }

  public void setImageEncoder(LossTermSpec imageEncoder) {
    this.imageEncoder = imageEncoder;
  }
}

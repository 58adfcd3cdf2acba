package io.xmcgan.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The frozen text encoder that turns captions into token vectors during preprocessing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"uri", "vocabUri", "maxTokens"})
public class TextEncoderSpec {

  @JsonPropertyDescription(
      "Text encoder weights (s3:// or file://). Absent: the built-in deterministic demo encoder of width textDim (not BERT).")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String uri;

  @JsonPropertyDescription("WordPiece vocabulary (s3:// or file://). Absent: the encoder's own.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String vocabUri;

  @JsonPropertyDescription(
      "Tokens per caption including [CLS] and [SEP]. Default 17 (the reference).")
  @Min(3)
  @Max(512)
  @Default("" + ExperimentDefaults.MAX_TOKENS)
  private Integer maxTokens;

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getVocabUri() {
    return vocabUri;
  }

  public void setVocabUri(String vocabUri) {
    this.vocabUri = vocabUri;
  }

  public Integer getMaxTokens() {
    return maxTokens;
  }

  public void setMaxTokens(Integer maxTokens) {
    this.maxTokens = maxTokens;
  }
}

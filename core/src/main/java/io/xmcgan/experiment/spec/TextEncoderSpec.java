package io.xmcgan.experiment.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.xmcgan.experiment.resolve.ExperimentDefaults;
import io.xmcgan.experiment.validation.ExperimentValidator;

/** The frozen text encoder that turns captions into token vectors during preprocessing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"builtin", "uri", "vocabUri", "maxTokens"})
@ValidationRule(
    value = "!(has(self.builtin) && has(self.uri))",
    message =
        "cannot be combined with textEncoder.uri: name a built-in encoder or your own file, not"
            + " both",
    fieldPath = ".builtin")
public class TextEncoderSpec {

  @JsonPropertyDescription(
      "A text encoder shipped in the images: minilm-l6 (all-MiniLM-L6-v2, 384-d) or shapes-tiny (a 64-d demo for the shapes captions). Default when uri is absent: minilm-l6 for captionsUri sources, shapes-tiny for builtin shapes. model.textDim follows its width.")
  @Pattern(BuiltinTextEncoder.NAME_PATTERN)
  private String builtin;

  @JsonPropertyDescription(
      "Your own TorchScript text encoder (s3:// or file://), e.g. the BERT-base export that reproduces the paper. Not with builtin.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String uri;

  @JsonPropertyDescription(
      "WordPiece vocabulary (s3:// or file://). Absent: the encoder's own. Not with builtin: minilm-l6, which brings its tokenizer.")
  @Pattern(ExperimentValidator.URI_PATTERN)
  private String vocabUri;

  @JsonPropertyDescription(
      "Tokens per caption including [CLS] and [SEP]. Default 17 (the reference).")
  @Min(3)
  @Max(512)
  @Default("" + ExperimentDefaults.MAX_TOKENS)
  private Integer maxTokens;

  public String getBuiltin() {
    return builtin;
  }

  public void setBuiltin(String builtin) {
    this.builtin = builtin;
  }

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

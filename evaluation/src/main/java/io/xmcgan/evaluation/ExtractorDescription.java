package io.xmcgan.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.json.PlainJson;
import java.io.IOException;

/**
 * What the evaluator must know about a feature extractor that its TorchScript module does not say:
 * read from the JSON sidecar next to the module ({@code inception.pt} → {@code inception.json}).
 *
 * @param name a short human name, e.g. {@code pytorch-fid-inception-v3}
 * @param inputSize the square side the module expects; images are resized to it (bilinear,
 *     half-pixel centres, no antialiasing, as {@code F.interpolate(align_corners=False)})
 * @param featureDimension width of the first output (the FID features, 2048 for Inception)
 * @param classes width of the second output (the Inception Score logits, 1008 or 1000)
 */
public record ExtractorDescription(String name, int inputSize, int featureDimension, int classes) {

  private static final ObjectMapper JSON = PlainJson.mapper();

  public ExtractorDescription {
    if (inputSize < 1 || featureDimension < 1 || classes < 2) {
      throw new IllegalArgumentException(
          "feature extractor '"
              + name
              + "' needs inputSize >= 1, featureDimension >= 1 and classes >= 2; got "
              + inputSize
              + ", "
              + featureDimension
              + ", "
              + classes);
    }
  }

  /** Parses a sidecar; {@code source} names it in errors. */
  public static ExtractorDescription parse(byte[] json, String source) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "feature extractor description " + source + " is not JSON: " + e.getMessage(), e);
    }
    return new ExtractorDescription(
        node.path("name").asText("unnamed"),
        required(node, "inputSize", source),
        required(node, "featureDimension", source),
        required(node, "classes", source));
  }

  private static int required(JsonNode node, String field, String source) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new IllegalArgumentException(
          "feature extractor description "
              + source
              + " needs an integer field '"
              + field
              + "' (see docs/evaluation.md), got "
              + value);
    }
    return value.asInt();
  }
}

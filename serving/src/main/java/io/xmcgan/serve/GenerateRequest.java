package io.xmcgan.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The body of {@code POST /v1/generate}: {@code {"captions": [...], "imagesPerCaption": n, "seed":
 * s}}; {@code imagesPerCaption} defaults to 1 and a missing seed is drawn by the server (and
 * returned, so the images can be made again).
 */
public record GenerateRequest(List<String> captions, int imagesPerCaption, long seed) {

  static final String CAPTIONS = "captions";
  static final String IMAGES_PER_CAPTION = "imagesPerCaption";
  static final String SEED = "seed";
  private static final Set<String> FIELDS = Set.of(CAPTIONS, IMAGES_PER_CAPTION, SEED);

  public GenerateRequest {
    captions = List.copyOf(captions);
  }

  public int images() {
    return captions.size() * imagesPerCaption;
  }

  /**
   * Reads and checks a request body.
   *
   * @param random draws the seed of a request without one
   * @throws BadRequestException naming the field in error and what it accepts
   */
  public static GenerateRequest parse(JsonNode body, ServeLimits limits, SplittableRandom random) {
    if (body == null || !body.isObject()) {
      throw new BadRequestException(
          "body", "the body must be a JSON object such as {\"captions\": [\"a red circle\"]}");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadRequestException(
            name, "unknown field '" + name + "'; the fields are captions, imagesPerCaption, seed");
      }
    }
    List<String> captions = captions(body.get(CAPTIONS), limits);
    int imagesPerCaption = imagesPerCaption(body.get(IMAGES_PER_CAPTION), limits);
    if (captions.size() * imagesPerCaption > limits.maxImagesPerRequest()) {
      throw new BadRequestException(
          IMAGES_PER_CAPTION,
          captions.size()
              + " captions x "
              + imagesPerCaption
              + " images is more than the "
              + limits.maxImagesPerRequest()
              + " images one request may ask for; ask for fewer images per caption");
    }
    long seed = seed(body.get(SEED), random);
    return new GenerateRequest(captions, imagesPerCaption, seed);
  }

  private static List<String> captions(JsonNode node, ServeLimits limits) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new BadRequestException(
          CAPTIONS, "captions must be a non-empty list of strings, e.g. [\"a red circle\"]");
    }
    if (node.size() > limits.maxCaptions()) {
      throw new BadRequestException(
          CAPTIONS,
          node.size()
              + " captions is more than the "
              + limits.maxCaptions()
              + " one request may hold");
    }
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String field = CAPTIONS + "[" + i + "]";
      JsonNode caption = node.get(i);
      if (!caption.isTextual() || caption.asText().isBlank()) {
        throw new BadRequestException(field, field + " must be a non-empty string");
      }
      String text = caption.asText().strip();
      if (text.length() > limits.maxCaptionChars()) {
        throw new BadRequestException(
            field,
            field
                + " has "
                + text.length()
                + " characters; captions may have at most "
                + limits.maxCaptionChars());
      }
      captions.add(text);
    }
    return captions;
  }

  private static int imagesPerCaption(JsonNode node, ServeLimits limits) {
    if (node == null) {
      return 1;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.asInt() < 1
        || node.asInt() > limits.maxImagesPerCaption()) {
      throw new BadRequestException(
          IMAGES_PER_CAPTION,
          "imagesPerCaption must be a whole number from 1 to "
              + limits.maxImagesPerCaption()
              + ", got "
              + node);
    }
    return node.asInt();
  }

  private static long seed(JsonNode node, SplittableRandom random) {
    if (node == null || node.isNull()) {
      return random.nextLong(ServeLimits.MAX_SEED + 1);
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToLong()
        || node.asLong() < 0
        || node.asLong() > ServeLimits.MAX_SEED) {
      throw new BadRequestException(
          SEED, "seed must be a whole number from 0 to " + ServeLimits.MAX_SEED + ", got " + node);
    }
    return node.asLong();
  }
}

package io.xmcgan.preprocessing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xmcgan.json.PlainJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a COCO captions file ({@code {"images": [{id, file_name, ...}], "annotations":
 * [{image_id, caption, ...}]}}) that one shard needs, read with a streaming parser: the shard's own
 * images (those whose position in {@code images} is {@code shardIndex} modulo {@code shardCount})
 * and the captions of every image id, in file order. Memory grows with the captions, never with
 * image data.
 */
final class CocoCaptions {

  record Image(int index, long id, String fileName) {}

  private static final ObjectMapper JSON = PlainJson.mapper();

  private final List<Image> shardImages = new ArrayList<>();
  private final Map<Long, List<String>> captionsById = new HashMap<>();
  private int totalImages;

  private CocoCaptions() {}

  /**
   * @throws BadInputException when the file is not a COCO captions document; names the file
   */
  static CocoCaptions read(InputStream in, String source, int shardIndex, int shardCount)
      throws IOException, BadInputException {
    CocoCaptions captions = new CocoCaptions();
    try (JsonParser parser = JSON.getFactory().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw notCoco(source, "it does not start with a JSON object");
      }
      boolean sawImages = false;
      boolean sawAnnotations = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("images") && value == JsonToken.START_ARRAY) {
          sawImages = true;
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            JsonNode image = parser.readValueAsTree();
            captions.addImage(image, source, shardIndex, shardCount);
          }
        } else if (field.equals("annotations") && value == JsonToken.START_ARRAY) {
          sawAnnotations = true;
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            JsonNode annotation = parser.readValueAsTree();
            captions.addAnnotation(annotation, source);
          }
        } else {
          parser.skipChildren();
        }
      }
      if (!sawImages || !sawAnnotations) {
        throw notCoco(
            source, "it has no " + (sawImages ? "\"annotations\"" : "\"images\"") + " array");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw notCoco(source, "it is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    return captions;
  }

  private void addImage(JsonNode image, String source, int shardIndex, int shardCount)
      throws BadInputException {
    int index = totalImages++;
    if (!image.path("id").canConvertToLong() || !image.path("file_name").isTextual()) {
      throw notCoco(
          source, "images[" + index + "] needs a numeric \"id\" and a \"file_name\": " + image);
    }
    if (index % shardCount == shardIndex) {
      shardImages.add(new Image(index, image.get("id").asLong(), image.get("file_name").asText()));
    }
  }

  private void addAnnotation(JsonNode annotation, String source) throws BadInputException {
    if (!annotation.path("image_id").canConvertToLong()) {
      throw notCoco(source, "an annotation has no numeric \"image_id\": " + annotation);
    }
    JsonNode caption = annotation.path("caption");
    captionsById
        .computeIfAbsent(annotation.get("image_id").asLong(), id -> new ArrayList<>(5))
        .add(caption.isTextual() ? caption.asText() : "");
  }

  List<Image> shardImages() {
    return shardImages;
  }

  int totalImages() {
    return totalImages;
  }

  List<String> captionsOf(long imageId) {
    return captionsById.getOrDefault(imageId, List.of());
  }

  private static BadInputException notCoco(String source, String problem) {
    return new BadInputException(
        source,
        "captions file "
            + source
            + " is not a COCO captions file: "
            + problem
            + "; expected {\"images\": [{\"id\", \"file_name\"}], \"annotations\": [{\"image_id\","
            + " \"caption\"}]}");
  }
}

package io.xmcgan.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Jackson's defaults, shared: for JSON that is not an experiment document ({@code
 * io.xmcgan.experiment.manifest.ExperimentJson}) nor a storage contract file ({@code
 * io.xmcgan.storage.files.StorageJson}) — HTTP bodies, model configurations inside checkpoints,
 * tokenizer vocabularies, COCO annotations. Compact output; unknown fields fail.
 */
public final class PlainJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private PlainJson() {}

  /** Shared and already configured: never reconfigure it (copy it instead). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}

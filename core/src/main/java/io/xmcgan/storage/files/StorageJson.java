package io.xmcgan.storage.files;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one mapper of the storage contract's JSON files (docs/storage-layout.md): progress, metrics,
 * checkpoint and data manifests, trainer state. Indented, because people read these files in the
 * bucket; times as RFC 3339 strings; a reader ignores fields it does not know, so that a file
 * written by a newer stage still reads in an older operator or CLI.
 */
public final class StorageJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private StorageJson() {}

  /** Shared and already configured: never reconfigure it (copy it instead). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}

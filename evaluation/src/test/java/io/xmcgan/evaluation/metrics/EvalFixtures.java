package io.xmcgan.evaluation.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Loads the fixtures written by tools/eval/make_fid_fixture.py. */
final class EvalFixtures {

  private EvalFixtures() {}

  static Path path(String name) {
    try {
      return Path.of(EvalFixtures.class.getResource("/eval/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static NpyArray npy(String name) {
    try (InputStream in =
        new BufferedInputStream(EvalFixtures.class.getResourceAsStream("/eval/" + name))) {
      return Npy.read(in, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GaussianStatistics statisticsOf(String featuresFile) {
    NpyArray features = npy(featuresFile);
    float[] flat = new float[features.values().length];
    for (int k = 0; k < flat.length; k++) {
      flat[k] = (float) features.values()[k];
    }
    GaussianAccumulator accumulator = new GaussianAccumulator(features.shape()[1]);
    accumulator.add(flat);
    return accumulator.toStatistics();
  }

  /** The scipy-computed reference value of a case in fid_expected.json. */
  static double expectedFid(String fixtureCase) {
    try {
      JsonNode value =
          new ObjectMapper()
              .readTree(path("fid_expected.json").toFile())
              .path(fixtureCase)
              .path("fid");
      if (!value.isNumber()) {
        throw new IllegalStateException("no fid for case " + fixtureCase + " in fid_expected.json");
      }
      return value.doubleValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.xmcgan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loss values on fixed inputs against tools/model/make_loss_fixture.py (numpy, a literal
 * transcription of the reference's per-sentence word loss).
 */
class LossesTest {

  private static NDManager manager;
  private static JsonNode inputs;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException {
    manager = NDManager.newBaseManager();
    try (InputStream in = LossesTest.class.getResourceAsStream("/model/loss_fixture.json")) {
      JsonNode fixture = new ObjectMapper().readTree(in);
      inputs = fixture.get("inputs");
      expected = fixture.get("expected");
    }
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void hingeLossesMatchTheReference() {
    NDArray real = array(inputs.get("realLogits"));
    NDArray fake = array(inputs.get("fakeLogits"));
    assertThat(Losses.hingeDiscriminator(real, fake).getFloat())
        .isCloseTo(expected.get("hingeD").floatValue(), within(1e-5f));
    assertThat(Losses.hingeGenerator(fake).getFloat())
        .isCloseTo(expected.get("hingeG").floatValue(), within(1e-5f));
  }

  @Test
  void contrastiveLossTakesNegativesWithinGroupsOfEight() {
    NDArray a = array(inputs.get("a"));
    NDArray b = array(inputs.get("b"));
    Losses.Contrastive grouped = Losses.contrastive(a, b, 0.1, 8);
    assertThat(grouped.loss().getFloat())
        .isCloseTo(expected.get("contrastiveGroup8").floatValue(), within(1e-4f));
    assertThat(grouped.accuracy().getFloat())
        .isCloseTo(expected.get("contrastiveGroup8Accuracy").floatValue(), within(1e-6f));
    Losses.Contrastive first = Losses.contrastive(a.get("0:8"), b.get("0:8"), 0.1, 8);
    assertThat(first.loss().getFloat())
        .isCloseTo(expected.get("contrastiveFirst8").floatValue(), within(1e-4f));
  }

  @Test
  void contrastiveLossIsSmallAndAccurateForMatchingPairs() {
    Losses.Contrastive close =
        Losses.contrastive(array(inputs.get("a")), array(inputs.get("bClose")), 0.1, 8);
    assertThat(close.loss().getFloat())
        .isCloseTo(expected.get("contrastiveCloseGroup8").floatValue(), within(1e-5f));
    assertThat(close.accuracy().getFloat()).isEqualTo(1f);
  }

  @Test
  void wordRegionLossWithPaddingMasksMatchesThePerSentenceReference() {
    NDArray regions = array(inputs.get("regions"));
    NDArray words = array(inputs.get("words"));
    NDArray maxLen = array(inputs.get("maxLen"));
    NDArray mask = WordRegionAttention.paddingMask(maxLen, (int) words.getShape().get(1));
    Losses.Contrastive word = Losses.wordRegion(regions, words, mask, 5, 5, 50, 8);
    assertThat(word.loss().getFloat())
        .isCloseTo(expected.get("wordGroup8").floatValue(), within(2e-3f));
    assertThat(word.accuracy().getFloat())
        .isCloseTo(expected.get("wordGroup8Accuracy").floatValue(), within(1e-6f));
  }

  @Test
  void paddedWordsDoNotInfluenceTheWordLoss() {
    NDArray regions = array(inputs.get("regions")).get("0:8");
    NDArray words = array(inputs.get("words")).get("0:8");
    NDArray maxLen = array(inputs.get("maxLen")).get("0:8");
    NDArray mask = WordRegionAttention.paddingMask(maxLen, (int) words.getShape().get(1));
    float before = Losses.wordRegion(regions, words, mask, 5, 5, 50, 8).loss().getFloat();
    NDArray scrambled = words.add(mask.expandDims(2).mul(100f));
    float after = Losses.wordRegion(regions, scrambled, mask, 5, 5, 50, 8).loss().getFloat();
    assertThat(after).isCloseTo(before, within(1e-4f));
  }

  @Test
  void generatorAttentionMatchesTheReference() {
    NDArray regions = array(inputs.get("attentionRegions"));
    NDArray words = array(inputs.get("attentionWords"));
    NDArray maxLen = array(inputs.get("attentionMaxLen"));
    NDArray mask = WordRegionAttention.paddingMask(maxLen, (int) words.getShape().get(1));
    float[] actual = WordRegionAttention.attend(regions, words, mask, 15).toFloatArray();
    float[] reference = array(expected.get("attention")).toFloatArray();
    assertThat(actual).containsExactly(reference, within(1e-5f));
  }

  @Test
  void infoNceOfUnrelatedFeaturesOverAGroupOfEightIsAboutTwoLnEight() {
    SplittableRandom random = new SplittableRandom(3);
    float total = 0;
    int trials = 20;
    for (int i = 0; i < trials; i++) {
      NDArray a = manager.create(TestBatches.gaussian(random, 8 * 1536), new Shape(8, 1536));
      NDArray b = manager.create(TestBatches.gaussian(random, 8 * 1536), new Shape(8, 1536));
      total += Losses.contrastive(a, b, 0.1, 8).loss().getFloat();
    }
    assertThat(total / trials).isCloseTo((float) (2 * Math.log(8)), within(0.25f));
  }

  @Test
  void aBatchThatIsNotAMultipleOfTheGroupIsRefused() {
    NDArray a = manager.ones(new Shape(12, 4));
    assertThatThrownBy(() -> Losses.contrastive(a, a, 0.1, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12")
        .hasMessageContaining("multiple of 8");
  }

  private static NDArray array(JsonNode node) {
    List<Long> shape = new ArrayList<>();
    JsonNode cursor = node;
    while (cursor.isArray()) {
      shape.add((long) cursor.size());
      cursor = cursor.get(0);
    }
    List<Float> values = new ArrayList<>();
    flatten(node, values);
    float[] data = new float[values.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = values.get(i);
    }
    return manager.create(data, new Shape(shape.stream().mapToLong(Long::longValue).toArray()));
  }

  private static void flatten(JsonNode node, List<Float> out) {
    if (node.isArray()) {
      node.forEach(child -> flatten(child, out));
    } else {
      out.add(node.floatValue());
    }
  }
}

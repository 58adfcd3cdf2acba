package io.xmcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShapeClassifierTest {

  @Test
  void realLargeShapesAt32PixelsAreClassified() throws Exception {
    var score = CaptionFollowing.score(CaptionFollowing.realSamples(32, 3, 200));
    System.out.println("real 32 px: " + score);
    assertThat(score.images()).isEqualTo(200);
    assertThat(score.colorAccuracy()).isGreaterThanOrEqualTo(0.95);
    assertThat(score.shapeAccuracy()).isGreaterThanOrEqualTo(0.8);
  }
}

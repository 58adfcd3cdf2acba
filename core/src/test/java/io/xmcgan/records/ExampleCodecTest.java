package io.xmcgan.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExampleCodecTest {

  @Test
  void fullCaptionEmbeddingRoundTripsBitExactly() {
    Random random = new Random(7);
    float[] embedding = new float[5 * 17 * 768];
    for (int i = 0; i < embedding.length; i++) {
      embedding[i] = (float) random.nextGaussian();
    }
    embedding[3] = Float.MIN_VALUE;
    embedding[4] = -0.0f;
    Example example = Example.builder().putFloats("caption/embedding", embedding).build();

    byte[] encoded = ExampleCodec.encode(example);
    float[] decoded = ExampleCodec.decode(encoded).floats("caption/embedding");

    // Framing: six field keys, five 3-byte lengths and the 1-byte key length.
    assertThat(encoded).hasSize(4 * 65_280 + "caption/embedding".length() + 22);
    assertThat(decoded).containsExactly(embedding);
    assertThat(Float.floatToRawIntBits(decoded[4])).isEqualTo(Float.floatToRawIntBits(-0.0f));
  }

  @Test
  void encodingDoesNotDependOnInsertionOrder() {
    Example forward =
        Example.builder().putStrings("b", "x").putInt64s("a", -5).putFloats("c", 1f).build();
    Example backward =
        Example.builder().putFloats("c", 1f).putInt64s("a", -5).putStrings("b", "x").build();

    assertThat(ExampleCodec.encode(forward)).isEqualTo(ExampleCodec.encode(backward));
  }

  @Test
  void accessorsNameTheKeyWhenAFeatureIsMissingOrOfAnotherType() {
    Example example = Example.builder().putInt64s("caption/max_len", 3, 4).build();

    assertThatThrownBy(() -> example.floats("caption/embedding"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'caption/embedding'")
        .hasMessageContaining("caption/max_len");
    assertThatThrownBy(() -> example.floats("caption/max_len"))
        .hasMessageContaining("'caption/max_len' is a int64_list, expected a float_list");
    assertThatThrownBy(() -> Example.builder().putBytes("image").build().bytes("image"))
        .hasMessageContaining("'image' holds 0 byte strings, expected exactly 1");
  }

  @Test
  void malformedBytesFailWithThePositionInsteadOfDecodingGarbage() {
    byte[] encoded = ExampleCodec.encode(Example.builder().putFloats("f", 1f, 2f, 3f).build());
    byte[] truncated = Arrays.copyOf(encoded, encoded.length - 2);

    assertThatThrownBy(() -> ExampleCodec.decode(truncated))
        .isInstanceOf(MalformedProtoException.class)
        .hasMessageContaining("Malformed tf.Example at byte");
    assertThatThrownBy(() -> ExampleCodec.decode(new byte[] {0x0a, 0x05, 0x0a, 0x03, 0x0a, 0x01}))
        .isInstanceOf(MalformedProtoException.class);
  }
}

package io.xmcgan.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Crc32cTest {

  @Test
  void checkValueOfTheStandardTestString() {
    byte[] input = "123456789".getBytes(StandardCharsets.US_ASCII);

    assertThat(Crc32c.checksum(input)).isEqualTo(0xE3069283);
  }

  @Test
  void plainAndMaskedValuesMatchTheIndependentPythonImplementation() {
    JsonNode vectors = GoldenFixtures.json("crc32c_vectors.json").get("vectors");
    assertThat(vectors).hasSizeGreaterThan(5);
    for (JsonNode vector : vectors) {
      byte[] input = HexFormat.of().parseHex(vector.get("hex").asText());

      assertThat(Crc32c.checksum(input))
          .as("CRC32C of %s", vector.get("hex").asText())
          .isEqualTo((int) vector.get("crc32c").asLong());
      assertThat(Crc32c.maskedChecksum(input, 0, input.length))
          .as("masked CRC32C of %s", vector.get("hex").asText())
          .isEqualTo((int) vector.get("masked").asLong());
    }
  }

  @Test
  void unmaskInvertsMask() {
    for (int crc : new int[] {0, 1, -1, 0xE3069283, 0x12345678, Integer.MIN_VALUE}) {
      assertThat(Crc32c.unmask(Crc32c.mask(crc))).isEqualTo(crc);
    }
  }
}

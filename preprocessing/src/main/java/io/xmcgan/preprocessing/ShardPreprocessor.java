package io.xmcgan.preprocessing;

import io.xmcgan.dataset.DataKeys;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.dataset.SkippedItem;
import io.xmcgan.experiment.spec.OnBadInput;
import io.xmcgan.image.BilinearResize;
import io.xmcgan.image.RgbImage;
import io.xmcgan.records.Example;
import io.xmcgan.records.ExampleCodec;
import io.xmcgan.records.TfRecordWriter;
import io.xmcgan.storage.ObjectNotFoundException;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.PendingObject;
import io.xmcgan.text.CaptionEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Writes one shard: decodes and resizes each image, encodes its five captions in batches, streams
 * the tf.Examples into {@code data/<split>-NNNNN-of-MMMMM.tfrecord} (published only when complete),
 * then publishes the shard's manifest entry. The same inputs always give the same bytes.
 */
final class ShardPreprocessor {

  private final CaptionEncoder captions;
  private final int imageSize;
  private final OnBadInput onBadInput;
  private final int batchImages;

  ShardPreprocessor(
      CaptionEncoder captions, int imageSize, OnBadInput onBadInput, int batchImages) {
    this.captions = captions;
    this.imageSize = imageSize;
    this.onBadInput = onBadInput;
    this.batchImages = batchImages;
  }

  /** A decoded, resized image with exactly five captions, or the reason it cannot be used. */
  private record Prepared(
      InputExample input,
      byte[] png,
      List<String> captions,
      boolean padded,
      List<SkippedItem> droppedCaptions,
      BadInputException problem) {}

  ShardEntry write(
      ObjectStore out,
      DataSpec spec,
      int shardIndex,
      Iterator<InputExample> inputs,
      String encoderId)
      throws IOException, BadInputException {
    String key = DataKeys.shard(spec.split(), shardIndex, spec.shards());
    MessageDigest sha256 = sha256();
    List<SkippedItem> skipped = new ArrayList<>();
    long records = 0;
    long padded = 0;
    long bytes;
    try (PendingObject pending = out.create(key)) {
      DigestOutputStream digesting = new DigestOutputStream(pending, sha256);
      TfRecordWriter writer = new TfRecordWriter(digesting);
      List<InputExample> batch = new ArrayList<>(batchImages);
      while (inputs.hasNext() || !batch.isEmpty()) {
        if (inputs.hasNext() && batch.size() < batchImages) {
          batch.add(inputs.next());
          continue;
        }
        List<Prepared> prepared = prepare(batch);
        batch.clear();
        List<Prepared> usable = new ArrayList<>(prepared.size());
        for (Prepared p : prepared) {
          if (p.problem() != null) {
            rejectOrSkip(p.problem(), skipped);
          } else {
            for (SkippedItem dropped : p.droppedCaptions()) {
              rejectOrSkip(new BadInputException(dropped.file(), dropped.reason()), skipped);
            }
            usable.add(p);
          }
        }
        for (Example example : examples(usable)) {
          writer.write(ExampleCodec.encode(example));
        }
        records += usable.size();
        padded += usable.stream().filter(Prepared::padded).count();
      }
      // The writer only buffers; closing it would close (discard) the pending object.
      writer.flush();
      bytes = writer.bytesWritten();
      pending.commit();
    }
    ShardEntry entry =
        new ShardEntry(
            ShardEntry.FORMAT_VERSION,
            spec,
            shardIndex,
            key,
            records,
            bytes,
            HexFormat.of().formatHex(sha256.digest()),
            padded,
            skipped,
            encoderId,
            List.of(DataSpec.CAPTIONS_PER_IMAGE, captions.maxTokens(), captions.width()));
    DataManifests.writeEntry(out, entry);
    return entry;
  }

  private void rejectOrSkip(BadInputException problem, List<SkippedItem> skipped)
      throws BadInputException {
    if (onBadInput == OnBadInput.fail) {
      throw problem;
    }
    skipped.add(new SkippedItem(problem.file(), problem.getMessage()));
  }

  /** Decodes and resizes a batch on all cores, keeping input order. */
  private List<Prepared> prepare(List<InputExample> batch) throws IOException {
    try {
      return batch.parallelStream().map(this::prepare).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Prepared prepare(InputExample input) {
    List<SkippedItem> dropped = new ArrayList<>();
    List<String> kept = new ArrayList<>(DataSpec.CAPTIONS_PER_IMAGE);
    for (int i = 0; i < input.captions().size() && kept.size() < DataSpec.CAPTIONS_PER_IMAGE; i++) {
      String caption = input.captions().get(i);
      if (caption.isBlank()) {
        dropped.add(
            new SkippedItem(
                input.file() + "#caption" + i,
                "caption " + i + " of " + input.file() + " is empty"));
      } else {
        kept.add(caption.strip());
      }
    }
    if (kept.isEmpty()) {
      return failed(input, input.file() + " has no non-empty caption in the captions file");
    }
    byte[] encoded;
    try {
      encoded = input.image().read();
    } catch (ObjectNotFoundException e) {
      return failed(input, "image " + input.file() + " is listed in the captions file but missing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RgbImage image;
    try {
      image = RgbImage.decode(encoded);
    } catch (IOException | RuntimeException e) {
      return failed(input, "image " + input.file() + " cannot be decoded: " + e.getMessage());
    }
    if (image == null) {
      return failed(input, "image " + input.file() + " is not a PNG or JPEG file");
    }
    byte[] png = BilinearResize.resize(image, imageSize, imageSize).png();
    boolean padded = kept.size() < DataSpec.CAPTIONS_PER_IMAGE;
    List<String> five = new ArrayList<>(DataSpec.CAPTIONS_PER_IMAGE);
    for (int i = 0; i < DataSpec.CAPTIONS_PER_IMAGE; i++) {
      five.add(kept.get(i % kept.size()));
    }
    return new Prepared(input, png, five, padded, dropped, null);
  }

  private static Prepared failed(InputExample input, String message) {
    return new Prepared(
        input, null, null, false, List.of(), new BadInputException(input.file(), message));
  }

  private List<Example> examples(List<Prepared> usable) {
    if (usable.isEmpty()) {
      return List.of();
    }
    List<String> texts = new ArrayList<>(usable.size() * DataSpec.CAPTIONS_PER_IMAGE);
    usable.forEach(p -> texts.addAll(p.captions()));
    List<CaptionEncoder.EncodedCaption> encoded = captions.encode(texts);
    List<Example> examples = new ArrayList<>(usable.size());
    for (int i = 0; i < usable.size(); i++) {
      Prepared p = usable.get(i);
      List<CaptionEncoder.EncodedCaption> mine =
          encoded.subList(i * DataSpec.CAPTIONS_PER_IMAGE, (i + 1) * DataSpec.CAPTIONS_PER_IMAGE);
      int perCaption = mine.get(0).embedding().length;
      float[] embedding = new float[perCaption * DataSpec.CAPTIONS_PER_IMAGE];
      long[] maxLen = new long[DataSpec.CAPTIONS_PER_IMAGE];
      byte[][] text = new byte[DataSpec.CAPTIONS_PER_IMAGE][];
      for (int c = 0; c < DataSpec.CAPTIONS_PER_IMAGE; c++) {
        System.arraycopy(mine.get(c).embedding(), 0, embedding, c * perCaption, perCaption);
        maxLen[c] = mine.get(c).maxLen();
        text[c] = mine.get(c).text().getBytes(StandardCharsets.UTF_8);
      }
      examples.add(
          Example.builder()
              .putBytes(RecordFeatures.IMAGE, p.png())
              .putBytes(RecordFeatures.FILENAME, p.input().file().getBytes(StandardCharsets.UTF_8))
              .putFloats(RecordFeatures.EMBEDDING, embedding)
              .putInt64s(RecordFeatures.MAX_LEN, maxLen)
              .putBytes(RecordFeatures.TEXT, text)
              .build());
    }
    return examples;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}

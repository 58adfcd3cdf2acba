package io.xmcgan.preprocessing;

import ai.djl.Device;
import io.xmcgan.dataset.DataManifests;
import io.xmcgan.dataset.DataSpec;
import io.xmcgan.dataset.ShardEntry;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.shapes.ShapesDataset;
import io.xmcgan.shapes.ShapesGenerator;
import io.xmcgan.shapes.ShapesLayout;
import io.xmcgan.storage.ObjectNotFoundException;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.ObjectStores;
import io.xmcgan.storage.StorageSettings;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.TextEncoderFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code preprocess} work: for each split (train, validation) and each selected shard, turn the
 * shard's images and captions into a TFRecord shard with its manifest entry under the experiment's
 * {@code data/}, and assemble the split manifest once all entries exist. Shard {@code i} of {@code
 * N} holds the images at positions {@code i, i + N, i + 2N, ...} of the split.
 */
public final class Preprocessing {

  private static final Logger LOG = LoggerFactory.getLogger(Preprocessing.class);

  /**
   * @param shardIndex the shard to write, or {@link #ALL_SHARDS}
   * @param device where the text encoder runs
   * @param batchImages images whose captions are encoded in one forward (×5 captions)
   * @param workDir where encoder files fetched from storage are kept
   */
  public record Options(int shardIndex, Device device, int batchImages, Path workDir) {
    public Options {
      if (batchImages < 1) {
        throw new IllegalArgumentException("batchImages must be positive, got " + batchImages);
      }
    }
  }

  public static final int ALL_SHARDS = -1;

  private Preprocessing() {}

  /**
   * Writes the selected shard(s) of both splits.
   *
   * @return the entries written, train first
   * @throws BadInputException on unusable input under {@code onBadInput: fail}, a missing or
   *     malformed captions file, or an encoder whose width is not the model's textDim
   */
  public static List<ShardEntry> run(
      ResolvedExperiment experiment, StorageSettings settings, Options options)
      throws IOException, BadInputException {
    ResolvedExperiment.Data data = experiment.data();
    int shards = data.shards();
    if (options.shardIndex() != ALL_SHARDS
        && (options.shardIndex() < 0 || options.shardIndex() >= shards)) {
      throw new IllegalArgumentException(
          "shard index "
              + options.shardIndex()
              + " is out of range: the experiment has "
              + shards
              + " shards (0.."
              + (shards - 1)
              + ")");
    }
    TextEncoderFiles files = TextEncoderFiles.resolve(data, settings, options.workDir());
    List<ShardEntry> written = new ArrayList<>();
    try (CaptionEncoder captions =
            CaptionEncoder.open(
                files, data.maxTokens(), options.batchImages() * 5, options.device());
        ObjectStore out = ObjectStores.open(experiment.storage().experimentUri(), settings)) {
      int textDim = experiment.model().textDim();
      if (captions.width() != textDim) {
        throw new BadInputException(
            files.id(),
            "text encoder "
                + files.id()
                + " produces "
                + captions.width()
                + "-wide token vectors but model.textDim is "
                + textDim
                + "; use an encoder of width "
                + textDim
                + " or a preset whose textDim matches");
      }
      ShardPreprocessor preprocessor =
          new ShardPreprocessor(
              captions, data.imageSize(), data.onBadInput(), options.batchImages());
      for (String split : List.of(DataSpec.TRAIN, DataSpec.VALIDATION)) {
        DataSpec spec = DataSpec.of(data, split);
        ResolvedExperiment.Source source =
            split.equals(DataSpec.TRAIN) ? data.source() : data.validationSource();
        List<Integer> indices =
            options.shardIndex() == ALL_SHARDS
                ? IntStream.range(0, shards).boxed().toList()
                : List.of(options.shardIndex());
        for (int index : indices) {
          long start = System.nanoTime();
          ShardEntry entry =
              writeShard(preprocessor, out, spec, source, index, files.id(), data, settings);
          written.add(entry);
          LOG.info(
              "{}: {} records, {} skipped, {} bytes in {} ms",
              entry.file(),
              entry.records(),
              entry.skipped().size(),
              entry.bytes(),
              (System.nanoTime() - start) / 1_000_000);
        }
        DataManifests.assembleIfComplete(out, spec)
            .ifPresent(m -> LOG.info("{} split complete: {} records", split, m.records()));
      }
    }
    return written;
  }

  private static ShardEntry writeShard(
      ShardPreprocessor preprocessor,
      ObjectStore out,
      DataSpec spec,
      ResolvedExperiment.Source source,
      int index,
      String encoderId,
      ResolvedExperiment.Data data,
      StorageSettings settings)
      throws IOException, BadInputException {
    if (source.builtin() != null) {
      return preprocessor.write(
          out,
          spec,
          index,
          shapes(spec.split(), source, data.imageSize(), index, spec.shards()),
          encoderId);
    }
    StorageLocation captionsFile = StorageLocation.of(source.captionsUri());
    CocoCaptions coco;
    try (ObjectStore captionsStore = captionsFile.openStore(settings);
        InputStream in = captionsStore.read(captionsFile.key())) {
      coco = CocoCaptions.read(in, source.captionsUri(), index, spec.shards());
    } catch (ObjectNotFoundException e) {
      throw new BadInputException(
          source.captionsUri(),
          "captions file "
              + source.captionsUri()
              + " does not exist; check dataset."
              + (spec.split().equals(DataSpec.TRAIN) ? "source" : "validationSource")
              + ".captionsUri");
    }
    try (ObjectStore images = StorageLocation.openFolder(source.imagesUri(), settings)) {
      Iterator<InputExample> inputs =
          coco.shardImages().stream()
              .map(
                  image ->
                      new InputExample(
                          image.fileName(),
                          coco.captionsOf(image.id()),
                          () -> images.readBytes(image.fileName())))
              .iterator();
      return preprocessor.write(out, spec, index, inputs, encoderId);
    }
  }

  /** The shard's images of a built-in shapes source, rendered at the experiment's image size. */
  private static Iterator<InputExample> shapes(
      String split, ResolvedExperiment.Source source, int imageSize, int index, int count) {
    ShapesGenerator generator =
        new ShapesGenerator(imageSize, source.seed(), ShapesLayout.of(source));
    return IntStream.iterate(index, i -> i < source.size(), i -> i + count)
        .mapToObj(
            i ->
                new InputExample(
                    ShapesDataset.fileName(split, i),
                    generator.captions(split, i),
                    () -> generator.render(split, i).png()))
        .iterator();
  }
}

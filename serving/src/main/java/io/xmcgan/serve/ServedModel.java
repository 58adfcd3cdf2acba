package io.xmcgan.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.xmcgan.checkpoint.Checkpoint;
import io.xmcgan.checkpoint.CheckpointManifest;
import io.xmcgan.checkpoint.CheckpointStore;
import io.xmcgan.evaluation.CheckpointNetworks;
import io.xmcgan.evaluation.CheckpointNotFoundException;
import io.xmcgan.evaluation.EvaluatorSettings;
import io.xmcgan.evaluation.ImageGenerator;
import io.xmcgan.evaluation.ImageTensors;
import io.xmcgan.evaluation.TextToImage;
import io.xmcgan.experiment.resolve.ModelConfig;
import io.xmcgan.experiment.resolve.ResolvedExperiment;
import io.xmcgan.image.RgbImage;
import io.xmcgan.model.XmcGanNetworks;
import io.xmcgan.serving.CheckpointPolicy;
import io.xmcgan.storage.ObjectStore;
import io.xmcgan.storage.StorageLayout;
import io.xmcgan.storage.files.EvaluationMetrics;
import io.xmcgan.text.CaptionEncoder;
import io.xmcgan.text.CaptionEncoder.EncodedCaption;
import io.xmcgan.text.TextEncoderFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One checkpoint's EMA generator and the experiment's text encoder, loaded once and kept warm. Not
 * thread-safe: {@link GenerationQueue}'s single worker is its only caller.
 */
public final class ServedModel implements AutoCloseable {

  /**
   * What {@code GET /v1/model} reports.
   *
   * @param metrics the served checkpoint's evaluation (with its caption following on the shapes
   *     dataset), when it has one
   */
  public record Info(
      String experiment,
      String preset,
      long step,
      String checkpointPolicy,
      int imageSize,
      String textEncoder,
      EvaluationMetrics metrics) {}

  private final Info info;
  private final XmcGanNetworks networks;
  private final ImageGenerator generator;
  private final CaptionEncoder encoder;

  private ServedModel(
      Info info, XmcGanNetworks networks, ImageGenerator generator, CaptionEncoder encoder) {
    this.info = info;
    this.networks = networks;
    this.generator = generator;
    this.encoder = encoder;
  }

  /**
   * Chooses the checkpoint by {@code policy}, loads its networks (digest checked) and opens the
   * text encoder.
   *
   * @throws IllegalArgumentException when no checkpoint fits the policy, naming what there is
   */
  public static ServedModel load(
      ResolvedExperiment experiment,
      ObjectStore store,
      EvaluatorSettings settings,
      TextEncoderFiles encoderFiles,
      CheckpointPolicy policy)
      throws IOException {
    CheckpointStore checkpoints = new CheckpointStore(store);
    List<EvaluationMetrics> evaluations = EvaluationMetrics.list(store);
    List<Long> complete =
        checkpoints.listComplete().stream().map(CheckpointManifest::step).toList();
    Map<Long, Double> fids = new LinkedHashMap<>(Evaluations.fidByStep(evaluations));
    fids.keySet().retainAll(complete);
    OptionalLong latest =
        complete.isEmpty()
            ? OptionalLong.empty()
            : OptionalLong.of(complete.get(complete.size() - 1));
    long step =
        policy
            .choose(latest, fids)
            .orElseThrow(() -> noCheckpoint(experiment, store, policy, complete));
    Checkpoint checkpoint =
        checkpoints
            .open(step)
            .orElseThrow(
                () ->
                    new CheckpointNotFoundException(
                        store.root() + StorageLayout.CHECKPOINTS_DIR, step, complete));
    ModelConfig model = experiment.model();
    XmcGanNetworks networks = CheckpointNetworks.load(checkpoint, model, settings.device());
    try {
      CaptionEncoder encoder =
          CaptionEncoder.open(
              encoderFiles, model.maxTokens(), settings.batchSize(), settings.device());
      EvaluationMetrics metrics =
          evaluations.stream().filter(m -> m.step() == step).findFirst().orElse(null);
      Info info =
          new Info(
              experiment.name(),
              model.preset(),
              step,
              policy.text(),
              model.imageSize(),
              encoderFiles.id(),
              metrics);
      return new ServedModel(info, networks, new ImageGenerator(networks), encoder);
    } catch (IOException | RuntimeException e) {
      networks.close();
      throw e;
    }
  }

  private static IllegalArgumentException noCheckpoint(
      ResolvedExperiment experiment,
      ObjectStore store,
      CheckpointPolicy policy,
      List<Long> complete) {
    String where = store.root() + StorageLayout.CHECKPOINTS_DIR;
    if (complete.isEmpty()) {
      return new IllegalArgumentException(
          "experiment " + experiment.name() + " has no complete checkpoint in " + where + " yet");
    }
    return switch (policy.kind()) {
      case BEST_FID ->
          new IllegalArgumentException(
              "no checkpoint of "
                  + experiment.name()
                  + " has been evaluated yet (checkpoints "
                  + complete
                  + "); serve one with --checkpoint latest or --checkpoint STEP");
      case STEP -> new CheckpointNotFoundException(where, policy.step(), complete);
      case LATEST -> throw new IllegalStateException("a complete checkpoint exists: " + complete);
    };
  }

  public Info info() {
    return info;
  }

  /**
   * The images of each request, caption by caption, image {@code j} of every caption drawn with the
   * request seed's {@code j}-th noise vector, exactly as {@code generate} draws them: all requests
   * go through the text encoder and the generator together.
   */
  public List<List<RgbImage>> generate(List<GenerateRequest> requests) {
    List<String> texts = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (GenerateRequest request : requests) {
      for (String caption : request.captions()) {
        index.computeIfAbsent(
            caption,
            c -> {
              texts.add(c);
              return texts.size() - 1;
            });
      }
    }
    List<EncodedCaption> encoded = encoder.encode(texts);
    ModelConfig config = generator.config();
    int perCaption = config.maxTokens() * config.textDim();
    int total = requests.stream().mapToInt(GenerateRequest::images).sum();
    float[] words = new float[total * perCaption];
    int[] maxLen = new int[total];
    float[] noise = new float[total * config.zDim()];
    int image = 0;
    for (GenerateRequest request : requests) {
      float[] requestNoise =
          TextToImage.noise(request.seed(), request.imagesPerCaption(), config.zDim());
      for (String caption : request.captions()) {
        EncodedCaption e = encoded.get(index.get(caption));
        for (int j = 0; j < request.imagesPerCaption(); j++) {
          System.arraycopy(e.embedding(), 0, words, image * perCaption, perCaption);
          maxLen[image] = e.maxLen();
          System.arraycopy(
              requestNoise, j * config.zDim(), noise, image * config.zDim(), config.zDim());
          image++;
        }
      }
    }
    List<RgbImage> images;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray generated =
          generator.generate(manager, ImageGenerator.Variant.EMA, words, maxLen, noise);
      images = ImageTensors.toImages(generated.toFloatArray(), total, config.imageSize());
    }
    List<List<RgbImage>> perRequest = new ArrayList<>();
    int from = 0;
    for (GenerateRequest request : requests) {
      perRequest.add(images.subList(from, from + request.images()));
      from += request.images();
    }
    return perRequest;
  }

  @Override
  public void close() {
    encoder.close();
    networks.close();
  }
}

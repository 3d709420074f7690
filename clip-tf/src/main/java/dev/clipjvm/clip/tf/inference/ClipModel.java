package dev.clipjvm.clip.tf.inference;

import dev.clipjvm.clip.api.model.ClipConfig;
import dev.clipjvm.clip.api.train.Device;
import dev.clipjvm.clip.data.image.ImageDecoder;
import dev.clipjvm.clip.data.image.ImageTransform;
import dev.clipjvm.clip.data.image.Normalization;
import dev.clipjvm.clip.data.image.Pixels;
import dev.clipjvm.clip.data.image.Preprocessor;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.Overflow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A CLIP model bound to its processing: the encoders, the tokenizer and context length its texts
 * were trained with, and the image transform and normalization its images were trained with. It
 * turns files, decoded images and strings into L2-normalized embeddings (and, through
 * {@link dev.clipjvm.clip.tf.zeroshot.ZeroShotClassifier}, class names into classifiers), with
 * no TensorFlow object in the caller's hands.
 *
 * <pre>{@code
 * try (ClipModel model = ClipModel.load(Path.of("ViT-B-32.pt"))) {
 *   ZeroShotClassifier cats = ZeroShotClassifier.build(model,
 *       PromptSet.of(List.of("cat", "dog"), List.of("a photo of a {}.")));
 *   List<Prediction> ranked = cats.classify(Path.of("photo.jpg"));
 * }
 * }</pre>
 *
 * <p>Thread-safe, like {@link ClipEncoder}: every method may be called from several threads.
 * Closing releases the native session.
 */
public final class ClipModel implements AutoCloseable {
  private final ClipEncoder encoder;
  private final BpeTokenizer tokenizer;
  private final Preprocessor preprocessor;
  private final String source;
  private final Optional<Path> weights;

  /**
   * Binds {@code encoder} to its processing; the model owns the encoder from now on.
   *
   * @param encoder the loaded encoders
   * @param tokenizer the tokenizer its texts were trained with; its ids must fit the model's
   *     vocabulary and its end-of-text token must be its largest id (the encoder reads the text
   *     features at the largest id)
   * @param normalization the per-channel statistics its images were trained with
   * @param source a description for messages (the checkpoint path or pretrained name)
   */
  public ClipModel(ClipEncoder encoder, BpeTokenizer tokenizer, Normalization normalization,
      String source) {
    this(encoder, tokenizer, normalization, source, Optional.empty());
  }

  private ClipModel(ClipEncoder encoder, BpeTokenizer tokenizer, Normalization normalization,
      String source, Optional<Path> weights) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.source = Objects.requireNonNull(source, "source");
    this.weights = Objects.requireNonNull(weights, "weights");
    int vocab = encoder.config().text().vocabSize();
    if (tokenizer.vocabSize() > vocab || tokenizer.endId() != tokenizer.vocabSize() - 1) {
      throw new IllegalArgumentException(source + ": the vocabulary has " + tokenizer.vocabSize()
          + " tokens (end-of-text id " + tokenizer.endId() + ") but the model's text encoder "
          + "embeds " + vocab + "; give the vocabulary the model was trained with (--vocab)");
    }
    this.preprocessor = new Preprocessor(new ImageDecoder(),
        ImageTransform.eval(encoder.config().vision().imageSize()), normalization);
  }

  /**
   * Loads a checkpoint file (safetensors, {@code torch.save}, OpenAI's TorchScript {@code .pt})
   * with OpenAI's bundled vocabulary, or a run directory of {@code clip train} (or the run's
   * {@code model.safetensors}) with the vocabulary it was trained with.
   */
  public static ClipModel load(Path checkpointOrRun) throws IOException {
    return load(checkpointOrRun, Optional.empty());
  }

  /**
   * {@link #load(Path)} with {@code vocab} (a merges file in OpenAI's format, or a Hugging Face
   * {@code vocab.json} with {@code merges.txt} beside it) instead of the default vocabulary.
   */
  public static ClipModel load(Path checkpointOrRun, Optional<Path> vocab) throws IOException {
    return load(checkpointOrRun, vocab, Device.AUTO);
  }

  /**
   * {@link #load(Path, Optional)} on {@code device} ({@code cpu}, {@code gpu:N} or {@code auto}).
   *
   * @throws dev.clipjvm.clip.tf.device.DeviceUnavailableException for a GPU this process cannot
   *     use
   */
  public static ClipModel load(Path checkpointOrRun, Optional<Path> vocab, Device device)
      throws IOException {
    return load(checkpointOrRun, vocab, device, 0);
  }

  /**
   * {@link #load(Path, Optional, Device)} with {@code threads} TensorFlow intra-op threads
   * (0 = all cores).
   */
  public static ClipModel load(Path checkpointOrRun, Optional<Path> vocab, Device device,
      int threads) throws IOException {
    ModelFiles files = ModelFiles.resolve(checkpointOrRun, vocab);
    // Loading TensorFlow's native library takes about as long as reading the file: overlap them.
    var runtime = java.util.concurrent.CompletableFuture.supplyAsync(
        org.tensorflow.TensorFlow::version);
    var checkpoint = files.read();
    BpeTokenizer tokenizer = files.tokenizer();
    runtime.join();
    ClipEncoder encoder = ClipEncoder.load(checkpoint, device, threads);
    return bind(encoder, tokenizer, Normalization.CLIP, checkpointOrRun.toString(),
        files.checkpoint());
  }

  /**
   * A released model by name ({@code ViT-B/32}, {@code RN50}, {@code openai/clip-vit-base-patch32},
   * see {@code clip download --list}): downloaded once into the cache and verified, then loaded
   * with the processing it was released with.
   *
   * @throws dev.clipjvm.clip.data.pretrained.PretrainedException for an unknown name or a failed
   *     download (no network, wrong hash, disk full), saying which
   */
  public static ClipModel pretrained(String name)
      throws IOException, dev.clipjvm.clip.data.pretrained.PretrainedException {
    return pretrained(name, Device.AUTO);
  }

  /** {@link #pretrained(String)} on {@code device}. */
  public static ClipModel pretrained(String name, Device device)
      throws IOException, dev.clipjvm.clip.data.pretrained.PretrainedException {
    var model = dev.clipjvm.clip.data.pretrained.PretrainedRegistry.get(name);
    Path file = dev.clipjvm.clip.data.pretrained.Pretrained.download(model.name());
    ClipEncoder encoder = ClipEncoder.load(dev.clipjvm.clip.tf.checkpoint.Checkpoint.read(file),
        device, 0);
    if (encoder.config().text().contextLength() != model.contextLength()
        || encoder.config().vision().imageSize() != model.imageSize()) {
      encoder.close();
      throw new IllegalArgumentException(file + " (" + name + "): context "
          + encoder.config().text().contextLength() + " and resolution "
          + encoder.config().vision().imageSize() + " differ from the registry's "
          + model.contextLength() + " and " + model.imageSize());
    }
    return bind(encoder, BpeTokenizer.openAi(), model.normalization(), name, file);
  }

  private static ClipModel bind(ClipEncoder encoder, BpeTokenizer tokenizer,
      Normalization normalization, String source, Path weights) {
    try {
      return new ClipModel(encoder, tokenizer, normalization, source, Optional.of(weights));
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** The architecture. */
  public ClipConfig config() {
    return encoder.config();
  }

  /** Tokens per text, start and end tokens included. */
  public int contextLength() {
    return encoder.config().text().contextLength();
  }

  /** Side of the square images the image encoder takes. */
  public int imageSize() {
    return encoder.config().vision().imageSize();
  }

  /** The tokenizer texts go through. */
  public BpeTokenizer tokenizer() {
    return tokenizer;
  }

  /** The image statistics images are normalized with. */
  public Normalization normalization() {
    return preprocessor.normalization();
  }

  /** {@code exp(logit_scale)}: the temperature zero-shot probabilities use. */
  public float logitScale() {
    return encoder.logitScale();
  }

  /** Where the model came from: the path or pretrained name it was loaded from. */
  public String source() {
    return source;
  }

  /**
   * The weights file the model was read from (a run directory's {@code model.safetensors}, a
   * released model's cached download); empty for a model bound from an encoder in memory.
   */
  public Optional<Path> weights() {
    return weights;
  }

  /**
   * The model's image processing: decoder (with its pixel limit), eval transform and
   * normalization; {@link Preprocessor#chw(Path)} gives what {@link #embedPreprocessed} takes.
   */
  public Preprocessor preprocessor() {
    return preprocessor;
  }

  /**
   * L2-normalized embeddings of images already through {@link #preprocessor()} ({@code [3, S, S]}
   * arrays), in order. For callers that decode file by file, e.g. to skip unreadable files.
   */
  public float[][] embedPreprocessed(List<float[]> chw) {
    return encode(chw, ImageOutput.EMBEDDING);
  }

  /** L2-normalized embeddings of image files, in order (decoded, eval-transformed). */
  public float[][] embedImages(List<Path> images) throws IOException {
    List<float[]> chw = preprocessor.chw(images, 0L, threads());
    return encode(chw, ImageOutput.EMBEDDING);
  }

  /** The L2-normalized embedding of one image file. */
  public float[] embedImage(Path image) throws IOException {
    return embedImages(List.of(image))[0];
  }

  /** L2-normalized embeddings of decoded images, in order (eval-transformed first). */
  public float[][] embedPixels(List<Pixels> images) {
    return encodePixels(images, ImageOutput.EMBEDDING);
  }

  /**
   * The {@code output} of decoded images, in order: each image gets the eval transform (resize
   * the shorter side with Pillow-exact bicubic, centre crop) and the model's normalization.
   */
  public float[][] encodePixels(List<Pixels> images, ImageOutput output) {
    float[][] chw = new float[images.size()][];
    // The transform dominates the cost of small batches; the pool is the common one.
    IntStream.range(0, chw.length).parallel().forEach(i -> chw[i] = preprocessor.normalization()
        .chw(preprocessor.transform().planes(images.get(i), 0L)));
    return encode(List.of(chw), output);
  }

  /** L2-normalized embeddings of texts, tokenized with the model's vocabulary and context. */
  public float[][] embedTexts(List<String> texts) {
    return encoder.encodeTexts(tokenizer.tokenize(texts, contextLength(), Overflow.TRUNCATE),
        true);
  }

  /** The L2-normalized embedding of one text. */
  public float[] embedText(String text) {
    return embedTexts(List.of(text))[0];
  }

  private float[][] encode(List<float[]> chw, ImageOutput output) {
    int per = 3 * imageSize() * imageSize();
    float[] flat = new float[Math.multiplyExact(chw.size(), per)];
    for (int i = 0; i < chw.size(); i++) {
      System.arraycopy(chw.get(i), 0, flat, i * per, per);
    }
    return encoder.encodeImages(flat, chw.size(), output);
  }

  private static int threads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  @Override
  public void close() {
    encoder.close();
  }
}

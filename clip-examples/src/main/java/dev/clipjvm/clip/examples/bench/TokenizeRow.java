package dev.clipjvm.clip.examples.bench;

import dev.clipjvm.clip.data.text.BpeTrainer;
import dev.clipjvm.clip.data.text.BpeVocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tokenization rate of {@link InputsBenchmark#tokenize}: 5,000 generated captions, one thread,
 * cold word cache. Uses OpenAI's merges file from {@code $CLIP_BPE} or
 * {@code ../shared/reference/bpe_simple_vocab_16e6.txt.gz}, else a vocabulary trained on the
 * captions (much smaller, so not comparable with the reference tokenizer).
 */
public final class TokenizeRow implements BenchRow {

  @Override
  public String key() {
    return InputsBenchmark.TOKENIZE_KEY;
  }

  @Override
  public String description() {
    return "BPE tokenizer, 5000 generated captions, 1 thread, cold cache, median of 5";
  }

  @Override
  public Measurement measure(BenchContext context) throws Exception {
    List<String> captions = BenchCaptions.generate(5000, 1);
    String env = System.getenv("CLIP_BPE");
    Path vocab = Path.of(env != null ? env : "../shared/reference/bpe_simple_vocab_16e6.txt.gz");
    BpeVocabulary vocabulary = Files.isRegularFile(vocab)
        ? BpeVocabulary.openAi(vocab)
        : BpeTrainer.train(captions, 4096);
    return Measurement.of(InputsBenchmark.tokenize(vocabulary, captions).get(0).value(),
        "strings/s");
  }
}

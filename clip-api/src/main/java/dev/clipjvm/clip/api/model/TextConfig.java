package dev.clipjvm.clip.api.model;

/**
 * The causal text Transformer (paper section 2.4): token and positional embeddings,
 * pre-LayerNorm residual blocks with a causal mask, {@code ln_final}, features taken at the
 * end-of-text token, then a projection without bias. The MLP is 4 times the width.
 *
 * @param contextLength maximum tokens per text, start and end tokens included (OpenAI: 77)
 * @param vocabSize BPE vocabulary size (OpenAI: 49408)
 * @param width residual stream width, a multiple of {@code heads}
 * @param heads attention heads
 * @param layers residual blocks
 */
public record TextConfig(int contextLength, int vocabSize, int width, int heads, int layers) {

  /** Validates every field and reports all problems at once. */
  public TextConfig {
    Problems p = new Problems()
        .positive("context_length", contextLength)
        .positive("vocab_size", vocabSize)
        .positive("width", width)
        .positive("heads", heads)
        .positive("layers", layers)
        .atMost("context_length", contextLength, Limits.MAX_CONTEXT)
        .atMost("vocab_size", vocabSize, Limits.MAX_VOCAB)
        .atMost("width", width, Limits.MAX_WIDTH)
        .atMost("layers", layers, Limits.MAX_LAYERS);
    if (width > 0 && heads > 0) {
      p.check(width % heads == 0, "width", width + " is not divisible by heads " + heads);
    }
    p.throwIfAny();
  }

  /** Width of one attention head. */
  public int headWidth() {
    return width / heads;
  }

  public TextConfig withContextLength(int v) {
    return new TextConfig(v, vocabSize, width, heads, layers);
  }

  public TextConfig withVocabSize(int v) {
    return new TextConfig(contextLength, v, width, heads, layers);
  }

  public TextConfig withWidth(int v) {
    return new TextConfig(contextLength, vocabSize, v, heads, layers);
  }

  public TextConfig withHeads(int v) {
    return new TextConfig(contextLength, vocabSize, width, v, layers);
  }

  public TextConfig withLayers(int v) {
    return new TextConfig(contextLength, vocabSize, width, heads, v);
  }
}

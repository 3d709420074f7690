package dev.clipjvm.clip.data.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLIP's byte-level BPE tokenizer: cleans text, splits it into words, encodes each word's UTF-8
 * bytes with the vocabulary's merges (lowest rank first, {@code </w>} marking the word end) and
 * frames the ids with the start and end tokens.
 *
 * <p>Thread-safe: the tables are immutable and the word cache is concurrent and bounded (it is
 * emptied when it reaches its capacity).
 */
public final class BpeTokenizer {

  /** OpenAI's text context: 77 tokens, start and end included. */
  public static final int CONTEXT_LENGTH = 77;
  private static final int DEFAULT_CACHE = 100_000;

  private final BpeVocabulary vocabulary;
  private final String[] decoder;
  private final int[] byteIds = new int[256];
  private final int[] byteEndIds = new int[256];
  private final PairTable ranks;
  private final int[] mergedIds;
  private final int startId;
  private final int endId;
  private final int cacheCapacity;
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  /** A tokenizer over {@code vocabulary} with a word cache of {@code cacheCapacity} entries. */
  public BpeTokenizer(BpeVocabulary vocabulary, int cacheCapacity) {
    this.vocabulary = vocabulary;
    this.cacheCapacity = cacheCapacity;
    this.decoder = vocabulary.tokens().toArray(String[]::new);
    Map<String, Integer> encoder = new HashMap<>(decoder.length * 2);
    for (int id = 0; id < decoder.length; id++) {
      encoder.put(decoder[id], id); // a repeated string keeps its last id, as the reference
    }
    for (int b = 0; b < 256; b++) {
      String symbol = String.valueOf(ByteSymbols.symbol(b));
      byteIds[b] = require(encoder, symbol, "byte symbol");
      byteEndIds[b] = require(encoder, symbol + "</w>", "byte symbol with </w>");
    }
    List<Merge> merges = vocabulary.merges();
    ranks = new PairTable(merges.size());
    mergedIds = new int[merges.size()];
    for (int rank = 0; rank < merges.size(); rank++) {
      Merge m = merges.get(rank);
      Integer left = encoder.get(m.left());
      Integer right = encoder.get(m.right());
      Integer merged = encoder.get(m.joined());
      if (left == null || right == null || merged == null) {
        throw new IllegalArgumentException("vocabulary lacks a symbol of merge " + rank + " '"
            + m.left() + " " + m.right() + "' (its parts and their concatenation must be tokens)");
      }
      mergedIds[rank] = merged;
      ranks.put(left, right, rank);
    }
    startId = encoder.get(PreTokenizer.START_TOKEN);
    endId = encoder.get(PreTokenizer.END_TOKEN);
  }

  /** A tokenizer over {@code vocabulary} with the default word cache (100,000 words). */
  public BpeTokenizer(BpeVocabulary vocabulary) {
    this(vocabulary, DEFAULT_CACHE);
  }

  /**
   * OpenAI's tokenizer with the vocabulary bundled in this library ({@link BpeVocabulary#openAi()}):
   * the one every OpenAI CLIP model was trained with.
   */
  public static BpeTokenizer openAi() {
    return new BpeTokenizer(BpeVocabulary.openAi());
  }

  /** OpenAI's tokenizer from {@code bpe_simple_vocab_16e6.txt.gz} (gzip or plain). */
  public static BpeTokenizer openAi(Path mergesFile) throws IOException {
    return named(mergesFile, BpeVocabulary.openAi(mergesFile));
  }

  /**
   * A tokenizer of {@code vocabulary}, read from {@code file}: merges that parse but do not form a
   * vocabulary (a merge of unknown symbols) are the file's fault, so the error names it.
   */
  private static BpeTokenizer named(Path file, BpeVocabulary vocabulary) {
    try {
      return new BpeTokenizer(vocabulary);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The tokenizer of Hugging Face's {@code vocab.json} and {@code merges.txt}. */
  public static BpeTokenizer fromHuggingFace(Path vocabJson, Path mergesTxt) throws IOException {
    return named(mergesTxt, BpeVocabulary.huggingFace(vocabJson, mergesTxt));
  }

  private static int require(Map<String, Integer> encoder, String token, String what) {
    Integer id = encoder.get(token);
    if (id == null) {
      throw new IllegalArgumentException("vocabulary lacks the " + what + " '" + token + "'");
    }
    return id;
  }

  /** The vocabulary this tokenizer encodes with. */
  public BpeVocabulary vocabulary() {
    return vocabulary;
  }

  /** Number of token ids, specials included. */
  public int vocabSize() {
    return decoder.length;
  }

  /** Id of {@code <|startoftext|>} (49406 for OpenAI's vocabulary). */
  public int startId() {
    return startId;
  }

  /** Id of {@code <|endoftext|>} (49407 for OpenAI's vocabulary). */
  public int endId() {
    return endId;
  }

  /** BPE ids of {@code text} after cleaning, without start and end tokens. */
  public int[] encode(String text) {
    List<String> words = PreTokenizer.splitPlainAscii(text);
    if (words == null) {
      words = PreTokenizer.split(TextCleaner.clean(text));
    }
    int[] out = new int[Math.max(8, text.length() + 1)];
    int n = 0;
    for (String word : words) {
      int[] ids = wordIds(word);
      if (n + ids.length > out.length) {
        out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length));
      }
      System.arraycopy(ids, 0, out, n, ids.length);
      n += ids.length;
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * One row per text of {@code [start, ids..., end, 0...]}, {@code context} wide, ready to feed
   * a text encoder; over-long texts are truncated (ending with the end token) or rejected.
   */
  public int[][] tokenize(List<String> texts, int context, Overflow overflow) {
    if (context < 2) {
      throw new IllegalArgumentException("context must hold start and end tokens, got " + context);
    }
    int[][] rows = new int[texts.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = frame(i, texts.get(i), context, overflow);
    }
    return rows;
  }

  /** {@link #tokenize(List, int, Overflow)} with OpenAI's context of 77, truncating. */
  public int[][] tokenize(List<String> texts) {
    return tokenize(texts, CONTEXT_LENGTH, Overflow.TRUNCATE);
  }

  private int[] frame(int index, String text, int context, Overflow overflow) {
    int[] ids = encode(text);
    int[] row = new int[context];
    if (ids.length + 2 > context && overflow == Overflow.ERROR) {
      throw new TextTooLongException(index, text, ids.length + 2, context);
    }
    int kept = Math.min(ids.length, context - 2);
    row[0] = startId;
    System.arraycopy(ids, 0, row, 1, kept);
    row[kept + 1] = endId;
    return row;
  }

  /**
   * Text of token ids as the reference decodes: token strings joined, byte symbols turned back
   * into UTF-8 (invalid sequences become U+FFFD) and every {@code </w>} replaced by a space.
   */
  public String decode(int[] ids) {
    StringBuilder symbols = new StringBuilder(ids.length * 4);
    for (int id : ids) {
      if (id < 0 || id >= decoder.length) {
        throw new IllegalArgumentException(
            "token id " + id + " is outside the vocabulary 0.." + (decoder.length - 1));
      }
      symbols.append(decoder[id]);
    }
    byte[] bytes = new byte[symbols.length()];
    int n = 0;
    for (int i = 0; i < symbols.length(); i++) {
      int b = ByteSymbols.byteOf(symbols.charAt(i));
      if (b >= 0) {
        bytes[n++] = (byte) b;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8).replace("</w>", " ");
  }

  /** Decodes one row of {@link #tokenize}: drops the start token and everything from the end token. */
  public String decodeRow(int[] row) {
    int from = row.length > 0 && row[0] == startId ? 1 : 0;
    int to = from;
    while (to < row.length && row[to] != endId) {
      to++;
    }
    return decode(Arrays.copyOfRange(row, from, to)).strip();
  }

  private int[] wordIds(String word) {
    int[] cached = cache.get(word);
    if (cached != null) {
      return cached;
    }
    int[] ids = bpe(word);
    if (cache.size() >= cacheCapacity) {
      cache.clear();
    }
    cache.put(word, ids);
    return ids;
  }

  private int[] bpe(String word) {
    if (word.equals(PreTokenizer.START_TOKEN)) {
      return new int[] {startId};
    }
    if (word.equals(PreTokenizer.END_TOKEN)) {
      return new int[] {endId};
    }
    byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
    int[] symbols = new int[bytes.length];
    for (int i = 0; i < bytes.length - 1; i++) {
      symbols[i] = byteIds[bytes[i] & 0xFF];
    }
    symbols[bytes.length - 1] = byteEndIds[bytes[bytes.length - 1] & 0xFF];
    int n = symbols.length;
    while (n > 1) {
      int best = Integer.MAX_VALUE;
      int bestLeft = -1;
      int bestRight = -1;
      for (int i = 0; i + 1 < n; i++) {
        int rank = ranks.rank(symbols[i], symbols[i + 1]);
        if (rank < best) {
          best = rank;
          bestLeft = symbols[i];
          bestRight = symbols[i + 1];
        }
      }
      if (best == Integer.MAX_VALUE) {
        break;
      }
      int merged = mergedIds[best];
      int w = 0;
      for (int i = 0; i < n; i++) {
        if (i + 1 < n && symbols[i] == bestLeft && symbols[i + 1] == bestRight) {
          symbols[w++] = merged;
          i++;
        } else {
          symbols[w++] = symbols[i];
        }
      }
      n = w;
    }
    return Arrays.copyOf(symbols, n);
  }
}

package dev.clipjvm.clip.data.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clipjvm.clip.api.json.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A byte-level BPE vocabulary: the token strings by id and the merge rules by rank.
 *
 * <p>CLIP's layout (ids): the 256 byte symbols, the same with {@code </w>}, one token per merge
 * in rank order, then {@code <|startoftext|>} and {@code <|endoftext|>}; OpenAI's 49,408 tokens are
 * 512 + 48,894 merges + 2. Hugging Face's {@code vocab.json} lists the same ids explicitly.
 *
 * @param tokens token strings, index = id
 * @param merges merge rules, index = rank (lower merges first)
 */
public record BpeVocabulary(List<String> tokens, List<Merge> merges) {

  /** Merges OpenAI's tokenizer reads from {@code bpe_simple_vocab_16e6.txt.gz}: 49152 - 256 - 2. */
  public static final int OPENAI_MERGES = 49152 - 256 - 2;
  /** Header line of a merges file, as OpenAI's and Hugging Face's files start. */
  static final String HEADER = "#version: 0.2";
  /** The class-path resource holding OpenAI's merges (gzip), as {@link #openAi()} reads it. */
  public static final String BUNDLED_OPENAI =
      "dev/clipjvm/clip/data/text/openai-bpe-merges-16e6.txt.gz";
  private static final ObjectMapper JSON = Json.mapper();

  /** Copies the lists and checks that the special tokens are present. */
  public BpeVocabulary {
    tokens = List.copyOf(tokens);
    merges = List.copyOf(merges);
    if (!tokens.contains(PreTokenizer.START_TOKEN) || !tokens.contains(PreTokenizer.END_TOKEN)) {
      throw new IllegalArgumentException(
          "a CLIP vocabulary needs the tokens <|startoftext|> and <|endoftext|>");
    }
  }

  /** CLIP's layout for {@code merges}: byte symbols, byte symbols with {@code </w>}, merges, specials. */
  public static BpeVocabulary ofMerges(List<Merge> merges) {
    List<String> tokens = new ArrayList<>(512 + merges.size() + 2);
    for (int id = 0; id < 256; id++) {
      tokens.add(String.valueOf(ByteSymbols.symbol(ByteSymbols.byteAt(id))));
    }
    for (int id = 0; id < 256; id++) {
      tokens.add(tokens.get(id) + "</w>");
    }
    for (Merge m : merges) {
      tokens.add(m.joined());
    }
    tokens.add(PreTokenizer.START_TOKEN);
    tokens.add(PreTokenizer.END_TOKEN);
    return new BpeVocabulary(tokens, merges);
  }

  /**
   * Reads a merges file in OpenAI's format (gzip or plain text; a header line, then one merge per
   * line), keeping at most the {@link #OPENAI_MERGES} first merges as OpenAI's tokenizer does.
   */
  public static BpeVocabulary openAi(Path mergesFile) throws IOException {
    return ofMerges(readMerges(mergesFile, OPENAI_MERGES));
  }

  /**
   * OpenAI's vocabulary, bundled with this library: the merges of OpenAI's
   * {@code bpe_simple_vocab_16e6.txt.gz} (MIT license, see
   * {@code META-INF/THIRD-PARTY-NOTICES.txt}), stored as the resource {@value #BUNDLED_OPENAI}.
   */
  public static BpeVocabulary openAi() {
    InputStream raw = BpeVocabulary.class.getResourceAsStream("/" + BUNDLED_OPENAI);
    if (raw == null) {
      throw new IllegalStateException("the bundled vocabulary " + BUNDLED_OPENAI
          + " is missing from the class path (a broken clip-data jar)");
    }
    try (InputStream closing = raw; InputStream in = new GZIPInputStream(closing)) {
      return ofMerges(readMerges(in, BUNDLED_OPENAI, OPENAI_MERGES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled vocabulary " + BUNDLED_OPENAI, e);
    }
  }

  /** Reads Hugging Face's {@code vocab.json} (token to id) and {@code merges.txt}. */
  public static BpeVocabulary huggingFace(Path vocabJson, Path mergesTxt) throws IOException {
    byte[] json;
    try (InputStream in = open(vocabJson)) {
      json = readBounded(in, vocabJson.toString());
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(vocabJson + ": not valid JSON (" + e.getMessage() + ")",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(vocabJson + ": expected a JSON object of token to id");
    }
    String[] byId = new String[root.size()];
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt(-1);
      if (!e.getValue().isInt() || id < 0 || id >= byId.length || byId[id] != null) {
        throw new IllegalArgumentException(vocabJson + ": token '" + e.getKey() + "' has id "
            + e.getValue() + "; ids must be distinct integers 0.." + (byId.length - 1));
      }
      byId[id] = e.getKey();
    }
    return new BpeVocabulary(List.of(byId), readMerges(mergesTxt, Integer.MAX_VALUE));
  }

  /** Largest vocabulary or merges file, decompressed (OpenAI's merges are 1.4 MB). */
  public static final int MAX_FILE_BYTES = 64 << 20;

  /** Reads up to {@code limit} merges of a merges file, skipping a "#version" header line. */
  public static List<Merge> readMerges(Path file, int limit) throws IOException {
    try (InputStream in = open(file)) {
      return readMerges(in, file.toString(), limit);
    }
  }

  /** Reads up to {@code limit} merges from {@code in}; {@code source} names it in messages. */
  private static List<Merge> readMerges(InputStream in, String source, int limit)
      throws IOException {
    String text = new String(readBounded(in, source), StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    List<Merge> merges = new ArrayList<>();
    for (int i = 0; i < lines.length && merges.size() < limit; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || (i == 0 && line.contains("#version"))) {
        continue;
      }
      merges.add(Merge.parse(line, i + 1, source));
    }
    if (merges.isEmpty()) {
      throw new IllegalArgumentException(source + ": holds no merges (an empty or header-only "
          + "merges file is not a vocabulary)");
    }
    return merges;
  }

  /**
   * All bytes of a vocabulary file, decompressed, within {@link #MAX_FILE_BYTES}; a cut or corrupt
   * gzip stream is the file's fault and says so.
   */
  private static byte[] readBounded(InputStream in, String source) {
    try {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(source + ": more than " + MAX_FILE_BYTES
            + " bytes (decompressed); a vocabulary file is a few megabytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": truncated or corrupt ("
          + e.getMessage() + ")", e);
    }
  }

  /** Number of tokens, specials included: the {@code vocab_size} of a text encoder using it. */
  public int size() {
    return tokens.size();
  }

  /**
   * Writes the merges in OpenAI's format (gzip when the name ends in {@code .gz}), readable by
   * {@link #openAi} and by OpenAI's own tokenizer (no trailing newline, so its slicing adds no
   * empty merge). Only vocabularies in CLIP's layout round-trip through this format.
   */
  public void writeMerges(Path file) throws IOException {
    StringBuilder text = new StringBuilder(HEADER);
    for (Merge m : merges) {
      text.append('\n').append(m.left()).append(' ').append(m.right());
    }
    write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Writes Hugging Face's {@code vocab.json} and {@code merges.txt} (plain text). */
  public void writeHuggingFace(Path vocabJson, Path mergesTxt) throws IOException {
    Map<String, Integer> byToken = new LinkedHashMap<>();
    for (int id = 0; id < tokens.size(); id++) {
      byToken.put(tokens.get(id), id);
    }
    Files.write(vocabJson, JSON.writeValueAsBytes(byToken));
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Merge m : merges) {
      text.append(m.left()).append(' ').append(m.right()).append('\n');
    }
    Files.writeString(mergesTxt, text);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    if (file.getFileName().toString().endsWith(".gz")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(bytes);
      }
    } else {
      Files.write(file, bytes);
    }
  }

  /** Opens a file, transparently decompressing gzip (detected by its magic bytes). */
  private static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      // NoSuchFileException: callers can tell a missing file from a read error by type.
      throw new java.nio.file.NoSuchFileException(file.toString(), null,
          "vocabulary file not found");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    try {
      return b0 == 0x1F && b1 == 0x8B ? new GZIPInputStream(in) : in;
    } catch (IOException e) {
      in.close();
      throw new UncheckedIOException(file + ": corrupt gzip stream", e);
    }
  }
}

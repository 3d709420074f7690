package dev.clipjvm.clip.examples.cli;

import dev.clipjvm.clip.api.model.Limits;
import dev.clipjvm.clip.data.text.BpeTokenizer;
import dev.clipjvm.clip.data.text.Overflow;
import dev.clipjvm.clip.data.text.TextTooLongException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clip tokenize}: lines of standard input to CLIP token ids, one JSON array per line. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
        "Read lines from standard input and print one JSON array of token ids per line: start "
            + "token, BPE ids, end token, zero padding to the context (or only the BPE ids with "
            + "--raw).",
        "Without --vocab the tokenizer uses OpenAI's vocabulary, bundled with the library (the one "
            + "every OpenAI CLIP model uses). --vocab gives another: a merges file in OpenAI's "
            + "format (gzip or plain, such as one written by training) or Hugging Face's "
            + "vocab.json with --merges merges.txt."})
public final class TokenizeCommand implements Callable<Integer> {

  @Option(names = "--vocab", paramLabel = "FILE",
      description = "Merges file (OpenAI format) or Hugging Face vocab.json (default: OpenAI's "
          + "bundled vocabulary).")
  Path vocab;

  @Option(names = "--merges", paramLabel = "FILE",
      description = "Hugging Face merges.txt, when --vocab is a vocab.json.")
  Path merges;

  @Option(names = "--context", defaultValue = "77", paramLabel = "N",
      description = "Tokens per row, start and end included (default: ${DEFAULT-VALUE}).")
  int context;

  @Option(names = "--truncate",
      description = "Cut over-long texts (keeping the end token) instead of failing.")
  boolean truncate;

  @Option(names = "--raw", description = "Print only the BPE ids, without start/end/padding.")
  boolean raw;

  @Override
  public Integer call() throws IOException {
    if (context < 2 || context > Limits.MAX_CONTEXT) {
      throw new UsageException("--context must be 2.." + Limits.MAX_CONTEXT + ", got " + context);
    }
    BpeTokenizer tokenizer = tokenizer();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    BufferedWriter out = new BufferedWriter(
        new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    Overflow overflow = truncate ? Overflow.TRUNCATE : Overflow.ERROR;
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      int[] ids;
      try {
        ids = raw ? tokenizer.encode(line)
            : tokenizer.tokenize(List.of(line), context, overflow)[0];
      } catch (TextTooLongException e) {
        out.flush();
        throw new UsageException("line " + lineNumber + " needs " + e.tokens()
            + " tokens (start and end included) but the context is " + e.context()
            + "; use --truncate to cut it");
      }
      out.write(json(ids));
      out.newLine();
    }
    out.flush();
    return 0;
  }

  private BpeTokenizer tokenizer() throws IOException {
    if (vocab == null) {
      if (merges != null) {
        throw new UsageException("--merges " + merges + " needs the vocab.json it"
            + " belongs to (--vocab)");
      }
      return BpeTokenizer.openAi();
    }
    boolean huggingFace = vocab.getFileName().toString().endsWith(".json");
    if (huggingFace && merges == null) {
      throw new UsageException("--vocab " + vocab + " is a Hugging Face vocab.json;"
          + " give its merges.txt with --merges");
    }
    try {
      return huggingFace ? BpeTokenizer.fromHuggingFace(vocab, merges)
          : BpeTokenizer.openAi(vocab);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e); // a malformed vocabulary file, named with its line
    }
  }

  private static String json(int[] ids) {
    StringBuilder s = new StringBuilder(ids.length * 6).append('[');
    for (int i = 0; i < ids.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(ids[i]);
    }
    return s.append(']').toString();
  }
}

package dev.clipjvm.clip.data.pretrained;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 in lower-case hexadecimal: validating stated hashes and hashing files. */
final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  /** True when {@code value} is a SHA-256 in hexadecimal, either case. */
  static boolean isHex(String value) {
    return HEX.matcher(value.toLowerCase(Locale.ROOT)).matches();
  }

  /** The hash in lower case, or an {@link IllegalArgumentException} naming the bad value. */
  static String checked(String value) {
    if (!isHex(value)) {
      throw new IllegalArgumentException("not a SHA-256 (64 hexadecimal digits): '" + value + "'");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** The SHA-256 of a file's bytes. */
  static String of(Path file) throws IOException {
    return com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256())
        .toString();
  }
}

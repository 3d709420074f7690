package dev.clipjvm.clip.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic caption-like sentences for benchmarks: templates filled with a few hundred
 * words, numbers, punctuation and some accented and non-Latin words, so a benchmark sees many
 * distinct words (a cold cache) as web captions do.
 */
public final class BenchCaptions {

  private static final String[] TEMPLATES = {
      "a photo of a %s %s %s the %s.", "%s %s on a %s %s, %d years ago",
      "The %s %s is %s next to the %s!", "close-up of %s %s with %s %s (%d)",
      "%s and %s: a %s %s in the %s", "my %s's %s %s at %d:%d pm #%s",
  };
  private static final String[] WORDS = (
      "dog cat bird horse car truck bicycle tree flower mountain river beach city street house "
      + "kitchen table chair window door sky cloud sunset night morning winter summer autumn "
      + "spring garden park forest lake ocean boat plane train station market bridge tower "
      + "castle church museum painting drawing sketch sculpture portrait landscape macro "
      + "vintage modern abstract colorful bright dark small large tiny huge old young happy "
      + "sleepy running jumping sitting standing flying swimming red blue green yellow orange "
      + "purple pink black white gray golden silver wooden metallic glass plastic stone "
      + "snowy rainy foggy sunny cloudy crowded empty quiet noisy delicious fresh frozen "
      + "handmade organic rustic elegant minimalist café naïve résumé jalapeño München "
      + "Zürich São Paulo Kraków İstanbul Ελλάδα Москва 東京 北京 서울 القاهرة "
      + "smartphone laptop keyboard camera lens tripod microphone headphones guitar piano "
      + "violin drum football basketball tennis skateboard surfboard snowboard kayak tent "
      + "backpack umbrella sunglasses sneakers jacket sweater t-shirt dress hat scarf "
      + "pizza burger sushi noodles salad sandwich cake cookie coffee tea juice wine beer "
      + "butterfly ladybug squirrel rabbit fox deer bear wolf lion tiger elephant giraffe "
      + "zebra monkey panda koala kangaroo penguin dolphin whale shark octopus jellyfish "
      + "e-mail well-known state-of-the-art DIY HDR 4K UHD iPhone GoPro drone Instagram")
      .split(" ");

  private BenchCaptions() {}

  /** {@code n} captions drawn with {@code seed}. */
  public static List<String> generate(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String template = TEMPLATES[random.nextInt(TEMPLATES.length)];
      List<Object> args = new ArrayList<>();
      for (int k = 0; k < template.length(); k++) {
        if (template.charAt(k) == '%') {
          char kind = template.charAt(k + 1);
          args.add(kind == 'd' ? (Object) random.nextInt(1, 2025) : word(random));
        }
      }
      out.add(String.format(template, args.toArray()));
    }
    return out;
  }

  private static String word(SplittableRandom random) {
    String w = WORDS[random.nextInt(WORDS.length)];
    // Suffixes multiply distinct words the way plurals and inflections do in real captions.
    return switch (random.nextInt(6)) {
      case 0 -> w + "s";
      case 1 -> w + "ing";
      case 2 -> w.toUpperCase(java.util.Locale.ROOT);
      case 3 -> w + random.nextInt(100);
      default -> w;
    };
  }
}

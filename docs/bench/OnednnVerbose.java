import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an encoder's time goes inside oneDNN, from oneDNN's own execution log: reads the lines
 * {@code ONEDNN_VERBOSE=1} makes every primitive print (kind, implementation, shape, milliseconds)
 * and sums them per kind and per shape, with the rate of the inner products (the linear layers),
 * batched matmuls and convolutions: GFLOP/s of their median and of their fastest call.
 *
 * <pre>
 * ONEDNN_VERBOSE=1 ./clip bench --only vit_b32_images_per_s --seconds 3 --json 2&gt;&amp;1 \
 *     | java docs/bench/OnednnVerbose.java
 * </pre>
 *
 * The 1024 x 1024 products {@code clip bench} times for {@code matmul_gflops} are reported on a
 * line of their own and left out of the sums. Operations that oneDNN does not run (TensorFlow's
 * own element-wise kernels, the executor) are not in the log: compare the total with the wall
 * time per call.
 */
public final class OnednnVerbose {
  private static final Pattern INNER = Pattern.compile("mb(\\d+)ic(\\d+)oc(\\d+)");
  private static final Pattern MATMUL = Pattern.compile("([\\dx]+):([\\dx]+)");
  private static final Pattern CONV = Pattern.compile(
      "mb(\\d+)(?:_g(\\d+))?_ic(\\d+)oc(\\d+)_ih\\d+oh(\\d+)kh(\\d+)\\S*_iw\\d+ow(\\d+)kw(\\d+)");

  record Calls(List<Double> ms) {
    double total() {
      return ms.stream().mapToDouble(Double::doubleValue).sum();
    }

    double median() {
      List<Double> s = new ArrayList<>(ms);
      s.sort(null);
      return s.get(s.size() / 2);
    }

    double min() {
      return ms.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, Calls> byKind = new LinkedHashMap<>();
    Map<String, Calls> byShape = new LinkedHashMap<>();
    Calls cube = new Calls(new ArrayList<>());
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.startsWith("onednn_verbose") || !line.contains(",exec,")) {
          continue;
        }
        String[] f = line.split(",", -1);
        int exec = List.of(f).indexOf("exec");
        String kind = f[exec + 2];
        String impl = f[exec + 3];
        String shape = f[f.length - 2];
        double ms = Double.parseDouble(f[f.length - 1]);
        if (kind.equals("gemm_api") && shape.equals("1024x1024:1024x1024")) {
          cube.ms().add(ms);
          continue;
        }
        byKind.computeIfAbsent(kind + " (" + impl + ")", k -> new Calls(new ArrayList<>()))
            .ms().add(ms);
        byShape.computeIfAbsent(kind + " " + shape, k -> new Calls(new ArrayList<>())).ms()
            .add(ms);
      }
    }
    double total = byKind.values().stream().mapToDouble(Calls::total).sum();
    System.out.printf("oneDNN primitives: %.1f ms in all%n", total);
    if (!cube.ms().isEmpty()) {
      double flop = 2.0 * 1024 * 1024 * 1024;
      System.out.printf("matmul_gflops's 1024-cube products (left out): %d calls, median %.0f, "
          + "fastest %.0f GFLOP/s%n", cube.ms().size(), flop / cube.median() / 1e6,
          flop / cube.min() / 1e6);
    }
    System.out.println();
    print(byKind, total, 12);
    System.out.println();
    print(byShape, total, 25);
  }

  private static void print(Map<String, Calls> groups, double total, int limit) {
    groups.entrySet().stream()
        .sorted(Comparator.comparingDouble((Map.Entry<String, Calls> e) -> -e.getValue().total()))
        .limit(limit)
        .forEach(e -> {
          Calls c = e.getValue();
          double flop = flop(e.getKey());
          String rate = Double.isNaN(flop) ? "" : String.format(
              "  %4.0f GFLOP/s median, %4.0f fastest", flop / c.median() / 1e6,
              flop / c.min() / 1e6);
          System.out.printf("%6.2f%% %6d calls %9.3f ms median  %s%s%n",
              100 * c.total() / total, c.ms().size(), c.median(), e.getKey(), rate);
        });
  }

  /** FLOPs of one call of an inner product, matmul or convolution shape, NaN for others. */
  private static double flop(String key) {
    Matcher conv = CONV.matcher(key);
    if (key.startsWith("convolution ") && conv.find()) {
      double groups = conv.group(2) == null ? 1 : Long.parseLong(conv.group(2));
      return 2.0 * Long.parseLong(conv.group(1)) * Long.parseLong(conv.group(3))
          * Long.parseLong(conv.group(4)) / groups * Long.parseLong(conv.group(5))
          * Long.parseLong(conv.group(6)) * Long.parseLong(conv.group(7))
          * Long.parseLong(conv.group(8));
    }
    Matcher ip = INNER.matcher(key);
    if (key.startsWith("inner_product ") && ip.find()) {
      return 2.0 * Long.parseLong(ip.group(1)) * Long.parseLong(ip.group(2))
          * Long.parseLong(ip.group(3));
    }
    Matcher mm = MATMUL.matcher(key);
    if (key.startsWith("matmul ") && mm.find()) {
      long[] a = dims(mm.group(1));
      long[] b = dims(mm.group(2));
      double batch = 1;
      for (int i = 0; i < a.length - 2; i++) {
        batch *= Math.max(a[i], b[i]);
      }
      return 2.0 * batch * a[a.length - 2] * a[a.length - 1] * b[b.length - 1];
    }
    return Double.NaN;
  }

  private static long[] dims(String s) {
    String[] p = s.split("x");
    long[] d = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      d[i] = Long.parseLong(p[i]);
    }
    return d;
  }
}

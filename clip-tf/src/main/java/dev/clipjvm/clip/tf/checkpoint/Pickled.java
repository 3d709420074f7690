package dev.clipjvm.clip.tf.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * Short descriptions of unpickled values for error messages. Never {@code toString()} of a
 * container: a hostile pickle's lists can contain themselves or share sub-lists exponentially, so
 * printing them would overflow the stack or never end.
 */
final class Pickled {
  private static final int SHOWN = 80;

  private Pickled() {}

  /** The kind of {@code value} with a bounded glimpse of its content. */
  static String describe(Object value) {
    if (value instanceof String s) {
      return "string '" + clip(s) + "'";
    }
    if (value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return "number " + value;
    }
    if (value instanceof List<?> l) {
      return "list/tuple of " + l.size() + " items";
    }
    if (value instanceof Map<?, ?> m) {
      return "dict of " + m.size() + " entries";
    }
    if (value instanceof byte[] b) {
      return "bytes of length " + b.length;
    }
    if (value instanceof RestrictedUnpickler.Global g) {
      return "global " + clip(g.toString());
    }
    if (value instanceof TorchObject o) {
      return "TorchScript object " + clip(o.type());
    }
    if (value instanceof TorchView t) {
      return "tensor of size " + java.util.Arrays.toString(t.size());
    }
    if (value == RestrictedUnpickler.None.NONE) {
      return "None";
    }
    return value == null ? "nothing" : value.getClass().getSimpleName();
  }

  /** {@code s} cut to a readable length. */
  static String clip(String s) {
    return s.length() <= SHOWN ? s : s.substring(0, SHOWN) + "... (" + s.length() + " chars)";
  }
}

package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A pickle reader (protocols 2 to 5) that never executes code: it builds Java values (maps,
 * lists, strings, numbers, tuples as lists) and rebuilds only the few globals a PyTorch state
 * dict needs ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2},
 * {@code torch._utils._rebuild_parameter} and the typed storages). Any other global (for example
 * {@code os.system}) fails with a {@link CheckpointFormatException} naming it.
 */
final class RestrictedUnpickler {
  /** A reference to an allowed global, called later by REDUCE. */
  record Global(String module, String name) {}

  /** A callable result: {@code global(args)}, interpreted by the caller's rebuild function. */
  record Call(Global global, List<Object> args) {}

  private static final Set<String> ALLOWED = Set.of(
      "collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
      "torch._utils._rebuild_parameter", "torch.FloatStorage", "torch.HalfStorage",
      "torch.BFloat16Storage", "torch.DoubleStorage", "torch.LongStorage", "torch.IntStorage",
      "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage", "torch.BoolStorage");
  private static final Object MARK = new Object();

  private final String source;
  private final ByteBuffer in;
  private final Function<List<Object>, Object> persistentLoad;
  private final Function<Call, Object> reduce;
  private final Deque<Object> stack = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();

  RestrictedUnpickler(String source, byte[] pickle, Function<List<Object>, Object> persistentLoad,
      Function<Call, Object> reduce) {
    this.source = source;
    this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    this.persistentLoad = persistentLoad;
    this.reduce = reduce;
  }

  /** Reads the pickle up to STOP and returns its value. */
  Object load() {
    try {
      while (true) {
        int op = in.get() & 0xff;
        switch (op) {
          case 0x80 -> in.get(); // PROTO
          case 0x95 -> in.getLong(); // FRAME
          case '.' -> { // STOP
            return stack.pop();
          }
          case '}' -> stack.push(new LinkedHashMap<Object, Object>());
          case ']' -> stack.push(new ArrayList<Object>());
          case ')' -> stack.push(List.of());
          case '(' -> stack.push(MARK);
          case 'N' -> stack.push(None.NONE);
          case 0x88 -> stack.push(Boolean.TRUE);
          case 0x89 -> stack.push(Boolean.FALSE);
          case 'J' -> stack.push((long) in.getInt());
          case 'K' -> stack.push((long) (in.get() & 0xff));
          case 'M' -> stack.push((long) (in.getShort() & 0xffff));
          case 0x8a -> stack.push(long1(in.get() & 0xff));
          case 'G' -> stack.push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
          case 'X' -> stack.push(string(in.getInt()));
          case 0x8c -> stack.push(string(in.get() & 0xff));
          case 0x8d -> stack.push(string(Math.toIntExact(in.getLong())));
          case 'T', 'B' -> stack.push(bytes(in.getInt()));
          case 'U', 'C' -> stack.push(bytes(in.get() & 0xff));
          case 'c' -> stack.push(global(line(), line()));
          case 0x93 -> { // STACK_GLOBAL
            String name = (String) stack.pop();
            stack.push(global((String) stack.pop(), name));
          }
          case 'Q' -> stack.push(persistentLoad.apply(asList(stack.pop()))); // BINPERSID
          case 't' -> stack.push(List.copyOf(popMark()));
          case 0x85 -> stack.push(List.of(stack.pop()));
          case 0x86 -> {
            Object b = stack.pop();
            stack.push(List.of(stack.pop(), b));
          }
          case 0x87 -> {
            Object c = stack.pop();
            Object b = stack.pop();
            stack.push(List.of(stack.pop(), b, c));
          }
          case 'R' -> { // REDUCE
            List<Object> args = asList(stack.pop());
            Object f = stack.pop();
            if (!(f instanceof Global g)) {
              throw problem("REDUCE applied to a non-callable " + f);
            }
            stack.push(reduce.apply(new Call(g, args)));
          }
          case 'b' -> stack.pop(); // BUILD: object state (an OrderedDict's _metadata) is dropped
          case 's' -> {
            Object v = stack.pop();
            Object k = stack.pop();
            map(stack.peek()).put(k, v);
          }
          case 'u' -> {
            List<Object> items = popMark();
            Map<Object, Object> m = map(stack.peek());
            for (int i = 0; i + 1 < items.size(); i += 2) {
              m.put(items.get(i), items.get(i + 1));
            }
          }
          case 'a' -> {
            Object v = stack.pop();
            list(stack.peek()).add(v);
          }
          case 'e' -> {
            List<Object> items = popMark();
            list(stack.peek()).addAll(items);
          }
          case 'q' -> memo.put((long) (in.get() & 0xff), stack.peek());
          case 'r' -> memo.put(in.getInt() & 0xffffffffL, stack.peek());
          case 0x94 -> memo.put((long) memo.size(), stack.peek());
          case 'h' -> stack.push(memoGet(in.get() & 0xff));
          case 'j' -> stack.push(memoGet(in.getInt() & 0xffffffffL));
          case '0' -> stack.pop();
          case '1' -> popMark();
          case '2' -> stack.push(stack.peek());
          default -> throw problem(String.format(
              "unsupported pickle opcode 0x%02x at byte %d", op, in.position() - 1));
        }
      }
    } catch (java.nio.BufferUnderflowException e) {
      throw problem("pickle ends before its STOP opcode (truncated)");
    } catch (java.util.NoSuchElementException | ClassCastException e) {
      throw problem("malformed pickle at byte " + in.position() + ": " + e.getMessage());
    }
  }

  /** Python's None (Java null cannot live on an ArrayDeque). */
  enum None { NONE }

  private Global global(String module, String name) {
    String full = module + "." + name;
    if (!ALLOWED.contains(full)) {
      throw problem("pickle references global " + full + ", which is not allowed (a state dict"
          + " only needs tensors, storages and ordered dicts; nothing is executed)");
    }
    return new Global(module, name);
  }

  private Object memoGet(long key) {
    Object v = memo.get(key);
    if (v == null) {
      throw problem("pickle memo key " + key + " was never stored");
    }
    return v;
  }

  private List<Object> popMark() {
    List<Object> items = new ArrayList<>();
    while (true) {
      Object o = stack.pop();
      if (o == MARK) {
        break;
      }
      items.add(0, o);
    }
    return items;
  }

  private String line() {
    StringBuilder sb = new StringBuilder();
    for (byte b = in.get(); b != '\n'; b = in.get()) {
      sb.append((char) b);
    }
    return sb.toString();
  }

  private String string(int n) {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  private byte[] bytes(int n) {
    if (n < 0 || n > in.remaining()) {
      throw problem("pickle string of " + n + " bytes runs past the end");
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private long long1(int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      long b = in.get() & 0xff;
      if (i < 8) {
        v |= b << (8 * i);
      }
    }
    if (n > 0 && n < 8 && (v >>> (8 * n - 1) & 1) == 1) {
      v -= 1L << (8 * n); // sign-extend
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> map(Object o) {
    if (!(o instanceof Map)) {
      throw problem("SETITEM(S) on a non-dict " + o);
    }
    return (Map<Object, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o) {
    if (!(o instanceof ArrayList)) {
      throw problem("APPEND(S) on a non-list " + o);
    }
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private List<Object> asList(Object o) {
    if (!(o instanceof List)) {
      throw problem("expected a tuple, found " + o);
    }
    return (List<Object>) o;
  }

  private CheckpointFormatException problem(String message) {
    return new CheckpointFormatException(source, message);
  }
}

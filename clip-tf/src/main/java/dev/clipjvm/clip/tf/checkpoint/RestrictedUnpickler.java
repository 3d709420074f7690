package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * A pickle reader (protocols 2 to 5) that never executes code: it builds Java values (maps,
 * lists, strings, numbers, tuples as lists) and rebuilds only the few globals a PyTorch state
 * dict or TorchScript module tree needs ({@code collections.OrderedDict},
 * {@code torch._utils._rebuild_tensor_v2}, {@code torch._utils._rebuild_parameter}, the typed
 * storages, TorchScript's {@code torch.jit._pickle} list helpers and {@code __torch__.*} classes,
 * which become {@link TorchObject} attribute holders). Any other global (for example
 * {@code os.system}) fails with a {@link CheckpointFormatException} naming it.
 *
 * <p>The input is hostile: the reader works within the budgets of {@link PickleLimits} (values
 * created, memo entries, string lengths), accepts only strings, numbers, booleans and None as dict
 * keys (so no key is ever hashed recursively: a self-containing or exponentially shared list
 * cannot hang or overflow the stack) and reports every malformation as a
 * {@link CheckpointFormatException} naming the file and the byte offset.
 */
final class RestrictedUnpickler {
  /** A reference to an allowed global, called later by REDUCE or instantiated by NEWOBJ. */
  record Global(String module, String name) {
    @Override
    public String toString() {
      return module + "." + name;
    }
  }

  /** A callable result: {@code global(args)}, interpreted by the caller's rebuild function. */
  record Call(Global global, List<Object> args) {}

  /** Python's None (Java null cannot live on an ArrayDeque). */
  enum None { NONE }

  private static final Set<String> ALLOWED = Set.of(
      "collections.OrderedDict", "torch._utils._rebuild_tensor_v2",
      "torch._utils._rebuild_parameter", "torch.FloatStorage", "torch.HalfStorage",
      "torch.BFloat16Storage", "torch.DoubleStorage", "torch.LongStorage", "torch.IntStorage",
      "torch.ShortStorage", "torch.CharStorage", "torch.ByteStorage", "torch.BoolStorage",
      "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist",
      "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensorlist",
      "torch.jit._pickle.build_genericlist", "torch.jit._pickle.restore_type_tag");
  /** The module prefix of TorchScript's classes (modules of a {@code torch.jit.save} archive). */
  static final String TORCHSCRIPT = "__torch__";
  private static final Object MARK = new Object();

  private final String source;
  private final ByteBuffer in;
  private final Function<List<Object>, Object> persistentLoad;
  private final Function<Call, Object> reduce;
  private final Deque<Object> stack = new ArrayDeque<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private long values;

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
        if (op == '.') { // STOP
          return stack.pop();
        }
        step(op);
      }
    } catch (BufferUnderflowException e) {
      throw problem("pickle ends before its STOP opcode (truncated)");
    } catch (NoSuchElementException | ClassCastException | IndexOutOfBoundsException
        | ArithmeticException | IllegalArgumentException e) {
      // the opcodes below check what they can name; this catches the structural rest
      // (a pop of an empty stack, an argument of the wrong type) at its byte offset
      throw problem("malformed pickle at byte " + in.position() + " (" + e.getClass()
          .getSimpleName() + ")");
    }
  }

  private void step(int op) {
    switch (op) {
      case 0x80 -> in.get(); // PROTO
      case 0x95 -> in.getLong(); // FRAME: a length hint, not needed
      case '}' -> push(new LinkedHashMap<Object, Object>());
      case ']' -> push(new ArrayList<Object>());
      case ')' -> push(List.of());
      case '(' -> push(MARK);
      case 'N' -> push(None.NONE);
      case 0x88 -> push(Boolean.TRUE);
      case 0x89 -> push(Boolean.FALSE);
      case 'J' -> push((long) in.getInt());
      case 'K' -> push((long) (in.get() & 0xff));
      case 'M' -> push((long) (in.getShort() & 0xffff));
      case 0x8a -> push(long1(in.get() & 0xff));
      case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
      case 'X' -> push(string(in.getInt() & 0xffffffffL));
      case 0x8c -> push(string(in.get() & 0xff));
      case 0x8d -> push(string(in.getLong()));
      case 'T', 'B' -> push(bytes(in.getInt() & 0xffffffffL));
      case 'U', 'C' -> push(bytes(in.get() & 0xff));
      case 'c' -> push(global(line(), line()));
      case 0x93 -> { // STACK_GLOBAL
        String name = (String) stack.pop();
        push(global((String) stack.pop(), name));
      }
      case 'Q' -> push(persistentLoad.apply(asList(stack.pop()))); // BINPERSID
      case 't' -> push(List.copyOf(popMark()));
      case 0x85 -> push(List.of(stack.pop()));
      case 0x86 -> {
        Object b = stack.pop();
        push(List.of(stack.pop(), b));
      }
      case 0x87 -> {
        Object c = stack.pop();
        Object b = stack.pop();
        push(List.of(stack.pop(), b, c));
      }
      case 'R' -> { // REDUCE
        List<Object> args = asList(stack.pop());
        Object f = stack.pop();
        if (!(f instanceof Global g)) {
          throw problem("REDUCE applied to a non-callable " + Pickled.describe(f));
        }
        push(reduce.apply(new Call(g, args)));
      }
      case 0x81 -> newObject(); // NEWOBJ
      case 'b' -> build(); // BUILD
      case 's' -> {
        Object v = stack.pop();
        Object k = stack.pop();
        map(stack.element()).put(key(k), v);
      }
      case 'u' -> {
        List<Object> items = popMark();
        Map<Object, Object> m = map(stack.element());
        for (int i = 0; i + 1 < items.size(); i += 2) {
          m.put(key(items.get(i)), items.get(i + 1));
        }
      }
      case 'a' -> {
        Object v = stack.pop();
        list(stack.element()).add(v);
      }
      case 'e' -> {
        List<Object> items = popMark();
        list(stack.element()).addAll(items);
      }
      case 'q' -> memoPut(in.get() & 0xff);
      case 'r' -> memoPut(in.getInt() & 0xffffffffL);
      case 0x94 -> memoPut(memo.size());
      case 'h' -> push(memoGet(in.get() & 0xff));
      case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));
      case '0' -> stack.pop();
      case '1' -> popMark();
      // element(), never peek(): an empty stack is a malformed pickle, not a null on the stack
      case '2' -> push(stack.element());
      default -> throw problem(String.format(
          "unsupported pickle opcode 0x%02x at byte %d", op, in.position() - 1));
    }
  }

  /** NEWOBJ {@code cls.__new__(cls, *args)}: only TorchScript classes, as empty holders. */
  private void newObject() {
    List<Object> args = asList(stack.pop());
    Object cls = stack.pop();
    if (!(cls instanceof Global g) || !g.module().startsWith(TORCHSCRIPT) || !args.isEmpty()) {
      throw problem("NEWOBJ of " + Pickled.describe(cls) + " with " + args.size()
          + " arguments (only TorchScript classes without arguments are allowed)");
    }
    push(new TorchObject(g.toString()));
  }

  /** BUILD: a TorchScript object's attributes; an OrderedDict's {@code _metadata} is dropped. */
  private void build() {
    Object state = stack.pop();
    Object target = stack.element();
    if (target instanceof TorchObject o) {
      if (!(state instanceof Map<?, ?> attributes)) {
        throw problem("TorchScript object " + o.type() + " has state " + Pickled.describe(state)
            + " instead of attributes (a custom class whose state only its code understands)");
      }
      for (Map.Entry<?, ?> e : attributes.entrySet()) {
        if (!(e.getKey() instanceof String name)) {
          throw problem("TorchScript object " + o.type() + " has an attribute named by "
              + Pickled.describe(e.getKey()));
        }
        o.set(name, e.getValue());
      }
    } else if (!(target instanceof Map)) {
      throw problem("BUILD of " + Pickled.describe(target) + " (only dicts and TorchScript"
          + " objects take state)");
    }
  }

  private void push(Object value) {
    if (++values > PickleLimits.MAX_VALUES) {
      throw problem("pickle builds more than " + PickleLimits.MAX_VALUES
          + " values (limit PickleLimits.MAX_VALUES)");
    }
    stack.push(value);
  }

  private Global global(String module, String name) {
    String full = module + "." + name;
    if (!ALLOWED.contains(full) && !module.startsWith(TORCHSCRIPT + ".")) {
      throw problem("pickle references global " + Pickled.clip(full) + ", which is not allowed"
          + " (a state dict only needs tensors, storages and ordered dicts; nothing is executed)");
    }
    return new Global(module, name);
  }

  /** A dict key: only immutable scalars, which hash in constant time. */
  private Object key(Object k) {
    if (k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof Double
        || k == None.NONE) {
      return k;
    }
    throw problem("dict key " + Pickled.describe(k) + " is not a string, number, boolean or"
        + " None (checkpoints key by names and numbers; container keys are refused)");
  }

  private void memoPut(long key) {
    if (memo.size() >= PickleLimits.MAX_MEMO && !memo.containsKey(key)) {
      throw problem("pickle memo holds more than " + PickleLimits.MAX_MEMO
          + " entries (limit PickleLimits.MAX_MEMO)");
    }
    memo.put(key, stack.getFirst());
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
      items.add(o);
    }
    Collections.reverse(items);
    return items;
  }

  private String line() {
    StringBuilder sb = new StringBuilder();
    for (byte b = in.get(); b != '\n'; b = in.get()) {
      if (sb.length() >= PickleLimits.MAX_NAME) {
        throw problem("pickle global name longer than " + PickleLimits.MAX_NAME + " characters");
      }
      sb.append((char) b);
    }
    return sb.toString();
  }

  private String string(long n) {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  private byte[] bytes(long n) {
    if (n < 0 || n > in.remaining()) {
      throw problem("pickle string of " + Long.toUnsignedString(n) + " bytes at byte "
          + in.position() + " runs past the end of the " + in.capacity() + "-byte pickle");
    }
    byte[] b = new byte[(int) n];
    in.get(b);
    return b;
  }

  private long long1(int n) {
    if (n > 8) {
      throw problem("LONG1 integer of " + n + " bytes does not fit 64 bits");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (in.get() & 0xffL) << (8 * i);
    }
    if (n > 0 && n < 8 && (v >>> (8 * n - 1) & 1) == 1) {
      v -= 1L << (8 * n); // sign-extend
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> map(Object o) {
    if (!(o instanceof LinkedHashMap)) {
      throw problem("SETITEM(S) on a non-dict " + Pickled.describe(o));
    }
    return (Map<Object, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o) {
    if (!(o instanceof ArrayList)) {
      throw problem("APPEND(S) on a non-list " + Pickled.describe(o));
    }
    return (List<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private List<Object> asList(Object o) {
    if (!(o instanceof List)) {
      throw problem("expected a tuple, found " + Pickled.describe(o));
    }
    return (List<Object>) o;
  }

  private CheckpointFormatException problem(String message) {
    return new CheckpointFormatException(source, message);
  }
}

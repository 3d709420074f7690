package dev.clipjvm.clip.tf.checkpoint;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads the tensors of a PyTorch zip archive without Python and without executing anything:
 * a state dict saved by {@code torch.save} ({@code ROOT/data.pkl} and one {@code ROOT/data/KEY}
 * file per storage), or a TorchScript module saved by {@code torch.jit.save}, the format of
 * OpenAI's released {@code .pt} files, whose {@code data.pkl} is the module tree as
 * {@code __torch__.*} objects ({@link TorchModules} names its tensors as {@code state_dict()}
 * does; {@code code/} and {@code constants.pkl} are never read). {@code data.pkl} goes through a
 * {@link RestrictedUnpickler}; uncompressed storages are memory-mapped, wherever the archive says
 * they lived ({@code cpu}, {@code cuda:0}). The archive's single top folder (its name varies:
 * {@code archive}, the file's stem, {@code ViT-B-32}) is its root. open_clip training
 * checkpoints ({@code {"state_dict": ...}}) and DataParallel prefixes ({@code module.}) are
 * unwrapped. Hostile archives are read within the budgets of {@link PickleLimits}.
 */
public final class TorchArchive {

  private TorchArchive() {}

  /** The tensors of the state dict or TorchScript module in {@code file}, by name. */
  public static Map<String, TensorData> read(Path file) throws IOException {
    String src = file.toString();
    try (ZipFile zip = ZipFile.builder().setPath(file).get();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      String root = root(src, zip);
      byte[] pickle = pickle(src, zip, root);
      TorchStorages storages = new TorchStorages(src, zip, ch, root);
      RestrictedUnpickler u = new RestrictedUnpickler(src, pickle, storages::load,
          call -> rebuild(src, call));
      Object value = u.load();
      Map<String, TorchView> views = value instanceof TorchObject module
          ? TorchModules.stateDict(src, module) : stateDict(src, value);
      Map<String, TensorData> out = new LinkedHashMap<>();
      views.forEach((name, view) -> out.put(name, view.toTensor(name, storages)));
      return out;
    } catch (ZipException e) {
      throw new CheckpointFormatException(src, "not a readable zip archive (truncated or"
          + " corrupt?): " + e.getMessage());
    }
  }

  /** The folder every entry lives in, with its slash ({@code ""} for a flat archive). */
  private static String root(String src, ZipFile zip) {
    TreeSet<String> tops = new TreeSet<>();
    for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
      int slash = e.getName().indexOf('/');
      tops.add(slash < 0 ? "" : e.getName().substring(0, slash + 1));
      if (tops.size() > 1) {
        throw new CheckpointFormatException(src, "zip archive has several top-level folders ("
            + Pickled.clip(String.join(", ", tops)) + "); a torch.save or torch.jit.save archive"
            + " has one");
      }
    }
    if (tops.isEmpty() || zip.getEntry(tops.first() + "data.pkl") == null) {
      throw new CheckpointFormatException(src, "zip archive without " + (tops.isEmpty() ? ""
          : Pickled.clip(tops.first())) + "data.pkl: not a torch.save or torch.jit.save file");
    }
    return tops.first();
  }

  /** {@code data.pkl}, inflated no further than {@link PickleLimits#MAX_PICKLE_BYTES}. */
  private static byte[] pickle(String src, ZipFile zip, String root) throws IOException {
    try (InputStream s = zip.getInputStream(zip.getEntry(root + "data.pkl"))) {
      byte[] pickle = s.readNBytes((int) PickleLimits.MAX_PICKLE_BYTES + 1);
      if (pickle.length > PickleLimits.MAX_PICKLE_BYTES) {
        throw new CheckpointFormatException(src, root + "data.pkl inflates to more than "
            + PickleLimits.MAX_PICKLE_BYTES + " bytes (limit PickleLimits.MAX_PICKLE_BYTES;"
            + " a compression bomb?)");
      }
      return pickle;
    }
  }

  private static Object rebuild(String src, RestrictedUnpickler.Call call) {
    String name = call.global().toString();
    List<Object> a = call.args();
    switch (name) {
      case "collections.OrderedDict":
        return new LinkedHashMap<Object, Object>();
      case "torch._utils._rebuild_parameter":
        if (a.isEmpty() || !(a.get(0) instanceof TorchView t)) {
          throw new CheckpointFormatException(src, "_rebuild_parameter needs a tensor as its first"
              + " argument, got " + (a.isEmpty() ? "no arguments" : Pickled.describe(a.get(0))));
        }
        return t;
      case "torch._utils._rebuild_tensor_v2":
        if (a.size() < 4) {
          throw new CheckpointFormatException(src, "_rebuild_tensor_v2 needs storage, offset, size"
              + " and stride, got " + a.size() + " arguments");
        }
        return TorchView.of(src, a.get(0), a.get(1), a.get(2), a.get(3));
      case "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist",
          "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensorlist",
          "torch.jit._pickle.build_genericlist", "torch.jit._pickle.restore_type_tag":
        if (a.isEmpty()) {
          throw new CheckpointFormatException(src, name + " needs an argument");
        }
        return a.get(0); // TorchScript's typed lists: the list itself is all a reader needs
      default:
        throw new CheckpointFormatException(src, "cannot call " + Pickled.clip(name));
    }
  }

  private static Map<String, TorchView> stateDict(String src, Object root) {
    if (root instanceof Map<?, ?> m && m.get("state_dict") instanceof Map<?, ?> inner) {
      root = inner; // an open_clip training checkpoint
    }
    if (!(root instanceof Map<?, ?> dict)) {
      throw new CheckpointFormatException(src, "the pickle holds " + Pickled.describe(root)
          + ", not a state dict or a TorchScript module");
    }
    Map<String, TorchView> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof TorchView t)) {
        throw new CheckpointFormatException(src, "state dict entry " + Pickled.describe(e.getKey())
            + " is " + Pickled.describe(e.getValue()) + ", not a named tensor");
      }
      out.put(key.startsWith("module.") ? key.substring("module.".length()) : key, t);
    }
    return out;
  }
}

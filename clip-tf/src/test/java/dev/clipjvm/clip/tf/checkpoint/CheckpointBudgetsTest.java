package dev.clipjvm.clip.tf.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clipjvm.clip.data.tensor.CheckpointFormatException;
import dev.clipjvm.clip.data.tensor.TensorData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small generated checkpoints built to hang the reader, overflow its stack or exhaust its memory:
 * each must end in the library's own {@link CheckpointFormatException} naming the file and the
 * limit, within 10 s and 512 MiB of allocation on the reading thread.
 */
class CheckpointBudgetsTest {
  private static final long SECONDS = 10;
  private static final long ALLOCATION = 512L << 20;

  @TempDir Path tmp;

  @Test
  void dictKeyThatIsAnExponentiallySharedTupleIsRefusedNotHashed() throws Exception {
    TorchZipWriter p = TorchZipWriter.pickle().op(0x80).op(2).op('}');
    p.op(')').op('q').raw((byte) 0).op('0'); // level 0: the empty tuple, in memo 0
    for (int i = 1; i <= 60; i++) { // level i = (level i-1, level i-1): 2^60 leaves, 61 nodes
      p.op('h').raw((byte) (i - 1)).op('h').raw((byte) (i - 1)).op(0x86)
          .op('q').raw((byte) i).op('0');
    }
    p.op('h').raw((byte) 60).op('N').op('s').op('.');
    Path pt = pt("dag.pt", p.bytes());
    assertThat(Files.size(pt)).isLessThan(1000);
    assertThat(rejects(pt)).hasMessageContaining(
        "dict key list/tuple of 2 items is not a string, number, boolean or None");
  }

  @Test
  void dictKeyThatIsAListContainingItselfIsRefused() throws Exception {
    TorchZipWriter p = TorchZipWriter.pickle().op(0x80).op(2).op('}')
        .op(']').op('q').raw((byte) 0).op('h').raw((byte) 0).op('a') // l.append(l)
        .op('N').op('s').op('.');
    assertThat(rejects(pt("self.pt", p.bytes()))).hasMessageContaining(
        "dict key list/tuple of 1 items is not a string");
  }

  @Test
  void moduleContainingItselfAndTooDeepModuleTreesAreRefused() throws Exception {
    TorchZipWriter cycle = TorchZipWriter.pickle().op(0x80).op(2)
        .global("__torch__.model", "M").op(')').op(0x81).op('q').raw((byte) 0)
        .op('}').unicode("me").op('h').raw((byte) 0).op('s').op('b').op('.');
    assertThat(rejects(pt("cycle.pt", cycle.bytes()))).hasMessageContaining(
        "module me. contains itself");

    TorchZipWriter deep = TorchZipWriter.pickle().op(0x80).op(2)
        .global("__torch__.model", "M").op(')').op(0x81).op('q').raw((byte) 0);
    for (int i = 1; i <= 100; i++) { // module i holds module i-1 as attribute "m"
      deep.global("__torch__.model", "M").op(')').op(0x81)
          .op('}').unicode("m").op('h').raw((byte) (i - 1)).op('s').op('b')
          .op('q').raw((byte) i);
    }
    assertThat(rejects(pt("deep.pt", deep.op('.').bytes()))).hasMessageContaining(
        "module tree deeper than 64 levels");
  }

  @Test
  void expandedViewsLargerThanTheirStorageStopAtTheAllocationBudget() throws Exception {
    TorchZipWriter p = TorchZipWriter.pickle().op(0x80).op(2)
        .global("collections", "OrderedDict").op(')').op('R').op('(');
    for (int i = 0; i < 5; i++) { // torch.zeros(1).expand(20000, 16000): 1.28 GB each
      tensor(p.unicode("t" + i), 1, new long[] {20000, 16000}, new long[] {0, 0});
    }
    Path pt = tmp.resolve("expand.pt");
    writeZip(pt, p.op('u').op('.').bytes(), new byte[4]);
    assertThat(Files.size(pt)).isLessThan(2000);
    assertThat(rejects(pt)).hasMessageContaining(
        "tensor t0 needs 1280000000 more bytes of memory, past the allocation budget of 268435456"
            + " bytes for this file");
  }

  @Test
  void negativeStridesAndViewsPastTheirStorageAreRefused() throws Exception {
    TorchZipWriter negative = TorchZipWriter.pickle().op(0x80).op(2)
        .global("collections", "OrderedDict").op(')').op('R').op('(');
    tensor(negative.unicode("w"), 1, new long[] {1}, new long[] {-1});
    Path pt = tmp.resolve("negative.pt");
    writeZip(pt, negative.op('u').op('.').bytes(), new byte[4]);
    assertThat(rejects(pt)).hasMessageContaining("negative sizes and strides are invalid");

    TorchZipWriter past = TorchZipWriter.pickle().op(0x80).op(2)
        .global("collections", "OrderedDict").op(')').op('R').op('(');
    tensor(past.unicode("w"), 1, new long[] {3, 2}, new long[] {1, 3});
    writeZip(pt, past.op('u').op('.').bytes(), new byte[4]);
    assertThat(rejects(pt)).hasMessageContaining(
        "tensor view (offset 0, size [3, 2], stride [1, 3]) runs past its storage of 1 elements");
  }

  @Test
  void deflateBombsInDataPklAndInStoragesStopAtTheirLimits() throws Exception {
    Path bomb = tmp.resolve("bomb.pt");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
      zip.putNextEntry(new ZipEntry("archive/data.pkl")); // deflated
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 100; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    assertThat(Files.size(bomb)).isLessThan(1 << 20);
    assertThat(rejects(bomb)).hasMessageContaining(
        "archive/data.pkl inflates to more than 67108864 bytes");

    TorchZipWriter p = TorchZipWriter.pickle().op(0x80).op(2)
        .global("collections", "OrderedDict").op(')').op('R').op('(');
    tensor(p.unicode("w"), 1L << 28, new long[] {1L << 28}, new long[] {1});
    Path storageBomb = tmp.resolve("storage-bomb.pt");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(storageBomb))) {
      TorchZipWriter.storedEntry(zip, "archive/data.pkl", p.op('u').op('.').bytes());
      zip.putNextEntry(new ZipEntry("archive/data/0")); // deflated, declares 1 GiB
      zip.write(new byte[1 << 20]);
      zip.closeEntry();
    }
    assertThat(rejects(storageBomb)).hasMessageContaining(
        "storage data/0 needs 1073741824 more bytes of memory, past the allocation budget");
  }

  @Test
  void hugeStringLengthsMissingArgumentsAndStrayOpcodesAreCleanErrors() throws Exception {
    TorchZipWriter unicode8 = TorchZipWriter.pickle().op(0x80).op(4).op(0x8d)
        .raw(new byte[] {0, 0, 0, 0, 0, 1, 0, 0}).op('.'); // BINUNICODE8 of 2^40 bytes
    assertThat(rejects(pt("unicode8.pt", unicode8.bytes()))).hasMessageContaining(
        "pickle string of 1099511627776 bytes at byte 11 runs past the end of the 12-byte pickle");

    TorchZipWriter noArgs = TorchZipWriter.pickle().op(0x80).op(2)
        .global("torch._utils", "_rebuild_parameter").op(')').op('R').op('.');
    assertThat(rejects(pt("param.pt", noArgs.bytes()))).hasMessageContaining(
        "_rebuild_parameter needs a tensor as its first argument, got no arguments");

    TorchZipWriter emptyPop = TorchZipWriter.pickle().op(0x80).op(2).op('0').op('.');
    assertThat(rejects(pt("pop.pt", emptyPop.bytes()))).hasMessageContaining(
        "malformed pickle at byte 3");

    TorchZipWriter longName = TorchZipWriter.pickle().op(0x80).op(2).op('c')
        .raw("a".repeat(5000).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(rejects(pt("name.pt", longName.bytes()))).hasMessageContaining(
        "pickle global name longer than 1024 characters");
  }

  @Test
  void memoAndValueCountsStopAtTheirLimits() throws Exception {
    ByteArrayOutputStream memo = new ByteArrayOutputStream();
    memo.writeBytes(new byte[] {(byte) 0x80, 2, 'N'});
    for (int i = 0; i <= PickleLimits.MAX_MEMO; i++) { // LONG_BINPUT i
      memo.writeBytes(new byte[] {'r', (byte) i, (byte) (i >>> 8), (byte) (i >>> 16), 0});
    }
    memo.write('.');
    assertThat(rejects(pt("memo.pt", memo.toByteArray()))).hasMessageContaining(
        "pickle memo holds more than 1000000 entries (limit PickleLimits.MAX_MEMO)");

    byte[] nones = new byte[(int) PickleLimits.MAX_VALUES + 4];
    java.util.Arrays.fill(nones, (byte) 'N');
    nones[0] = (byte) 0x80;
    nones[1] = 2;
    nones[nones.length - 1] = '.';
    assertThat(rejects(pt("values.pt", nones))).hasMessageContaining(
        "pickle builds more than 4000000 values (limit PickleLimits.MAX_VALUES)");
  }

  @Test
  void storagesShareMemoryMapsInsteadOfTakingOneEach() throws Exception {
    Path maps = Path.of("/proc/self/maps"); // Linux: one line per mapping of this process
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs /proc/self/maps");
    int count = 5_000; // one map each would exhaust the default 65,530 at about 65,000 storages
    java.util.List<TensorData> tensors = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      tensors.add(TensorData.ofInts("t" + i, new long[] {1}, new int[] {i}));
    }
    Path pt = tmp.resolve("many.pt");
    TorchZipWriter.write(pt, tensors, java.util.List.of());
    long before = Files.readAllLines(maps).size();
    java.util.Map<String, TensorData> back = Checkpoint.tensors(pt); // holds the maps alive
    long added = Files.readAllLines(maps).size() - before;
    assertThat(back).hasSize(count);
    assertThat(back.get("t4999").toLongs()).containsExactly(4_999L);
    assertThat(added).as("mappings added reading %d storages", count).isLessThan(500);
  }

  @Test
  void truncatedArchiveIsACleanError() throws Exception {
    Path cut = tmp.resolve("cut.pt");
    TorchZipWriter.writeRaw(cut, TorchZipWriter.osSystemPickle());
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 30)); // central directory cut
    assertThat(rejects(cut)).hasMessageContaining("not a readable zip archive (truncated or"
        + " corrupt?)");
  }

  /** Appends {@code _rebuild_tensor_v2} of storage "0" (F32, {@code numel}) and a view of it. */
  private static void tensor(TorchZipWriter p, long numel, long[] size, long[] stride) {
    p.global("torch._utils", "_rebuild_tensor_v2").op('(')
        .op('(').unicode("storage").global("torch", "FloatStorage").unicode("0").unicode("cpu")
        .integer(numel).op('t').op('Q')
        .integer(0).tuple(size).tuple(stride).op(0x89)
        .global("collections", "OrderedDict").op(')').op('R')
        .op('t').op('R');
  }

  private Path pt(String name, byte[] pickle) throws IOException {
    Path file = tmp.resolve(name);
    TorchZipWriter.writeRaw(file, pickle);
    return file;
  }

  private static void writeZip(Path file, byte[] pickle, byte[] storage) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      TorchZipWriter.storedEntry(zip, "archive/data.pkl", pickle);
      TorchZipWriter.storedEntry(zip, "archive/data/0", storage);
    }
  }

  /**
   * Reads {@code file} on a thread of its own and returns the error it ends in, after checking
   * that it is the library's checked error naming the file, that it came within 10 s and that
   * the thread allocated less than 512 MiB on the way.
   */
  private static CheckpointFormatException rejects(Path file) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicLong allocated = new AtomicLong(-1);
    Thread reader = new Thread(() -> {
      com.sun.management.ThreadMXBean mx =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = mx.getCurrentThreadAllocatedBytes();
      try {
        Checkpoint.tensors(file);
      } catch (Throwable e) { // also StackOverflowError and OutOfMemoryError: they fail below
        thrown.set(e);
      }
      allocated.set(mx.getCurrentThreadAllocatedBytes() - before);
    }, "hostile-checkpoint-reader");
    reader.setDaemon(true); // a reader that hangs must not keep the test JVM alive
    reader.start();
    reader.join(SECONDS * 1000);
    assertThat(reader.isAlive()).as("%s still being read after %d s", file, SECONDS).isFalse();
    assertThat(thrown.get()).as(file.toString()).isInstanceOf(CheckpointFormatException.class)
        .hasMessageStartingWith(file + ": ");
    assertThat(allocated.get()).as("bytes allocated reading %s", file).isBetween(0L, ALLOCATION);
    return (CheckpointFormatException) thrown.get();
  }
}

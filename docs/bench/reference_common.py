"""Shared helpers of the reference-comparison scripts in docs/bench.

They run OpenAI's own CLIP code (model.py, simple_tokenizer.py) from a checkout of the public
github.com/openai/CLIP repository, imported by file path so that nothing needs installing
beyond Debian's packages: python3-torch, python3-numpy, python3-regex, python3-pil and, for
preprocessing, python3-torchvision. ftfy (which simple_tokenizer imports for text repair) is
replaced by the identity: the benchmark and fixture texts are plain ASCII.
"""
import importlib.util
import json
import os
import struct
import sys
import types


def _openblas_kernels():
    """Gives OpenBLAS the AVX-512 kernels on CPUs it does not recognise.

    Debian 12's OpenBLAS (0.3.21, which Debian's PyTorch multiplies with) does not know recent
    Xeons and falls back to its generic SSE3 kernels ("Core: Prescott" under OPENBLAS_VERBOSE=2):
    on the project's 2-core AVX-512 machine a 1024-cube float32 product ran at about 60 GFLOP/s
    that way and at about 295 GFLOP/s with the SkylakeX kernels. Comparing against the crippled
    build would flatter us, so where the CPU has AVX-512 and OPENBLAS_CORETYPE is unset, set it.
    Must run before torch loads OpenBLAS: every script imports this module before torch.
    """
    if "OPENBLAS_CORETYPE" in os.environ:
        return
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line.split(":", 1)[1].split() for line in f
                          if line.startswith("flags")), [])
    except OSError:
        return
    if "avx512f" in flags:
        os.environ["OPENBLAS_CORETYPE"] = "SkylakeX"


_openblas_kernels()


def openai_module(clip_src, name):
    """Imports clip/<name>.py of an openai/CLIP checkout."""
    path = os.path.join(clip_src, "clip", name + ".py")
    if not os.path.isfile(path):
        sys.exit(f"--clip-src {clip_src}: no clip/{name}.py (an openai/CLIP checkout is needed)")
    sys.modules.setdefault("ftfy", types.SimpleNamespace(fix_text=lambda s: s))
    spec = importlib.util.spec_from_file_location("openai_clip_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(what, value, unit):
    """One result line on standard output: {"what", "value", "unit"} (the repo's scripts parse
    it by the prefix of "what")."""
    print(json.dumps({"what": what, "value": round(float(value), 3), "unit": unit}), flush=True)


_DTYPES = {"torch.float32": "F32", "torch.float16": "F16", "torch.bfloat16": "BF16",
           "torch.int64": "I64", "torch.int32": "I32"}


def save_safetensors(path, tensors, metadata=None):
    """Writes name -> torch tensor in the safetensors layout: an 8-byte little-endian header
    length, the JSON header (dtype, shape, byte offsets per tensor), then the raw bytes."""
    import torch
    entries, chunks, offset = {}, [], 0
    for name, tensor in tensors.items():
        t = tensor.detach().cpu().contiguous()
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        entries[name] = {"dtype": _DTYPES[str(t.dtype)], "shape": list(t.shape),
                         "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    if metadata:
        entries["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    header = json.dumps(entries, separators=(",", ":")).encode("utf-8")
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        for raw in chunks:
            f.write(raw)

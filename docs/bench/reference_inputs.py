"""Input-side throughput of OpenAI's reference on this machine: its tokenizer
(simple_tokenizer.py, strings/s, one process) and its evaluation preprocessing (PIL decode,
torchvision Resize(224, bicubic) + CenterCrop(224) + ToTensor + Normalize with CLIP's mean and
std, images/s, a pool of 2 processes so both cores work).

    /usr/bin/python3 docs/bench/reference_inputs.py --clip-src /tmp/openai_clip \
        [--texts CAPTIONS.txt] [--images DIR_OF_JPEGS]

Prints one JSON line per row ({"what", "value", "unit"}); `./clip data bench --peer-script`
and docs/bench/compare-with-reference.sh read the rows by the start of "what". The tokenizer
is timed twice over the same captions: the first pass fills its BPE cache, the second hits it.

Requirements: python3-regex (tokenizer); python3-torch, python3-torchvision and python3-pil
(preprocessing); an openai/CLIP checkout.
"""
import argparse
import os
import time
from multiprocessing import Pool

from reference_common import openai_module, report

MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)
_transform = None


def _start_worker():
    global _transform
    import torch
    from torchvision import transforms as T
    torch.set_num_threads(1)  # the pool supplies the parallelism
    _transform = T.Compose([T.Resize(224, interpolation=T.InterpolationMode.BICUBIC),
                            T.CenterCrop(224), lambda im: im.convert("RGB"), T.ToTensor(),
                            T.Normalize(MEAN, STD)])


def _preprocess(path):
    from PIL import Image
    with Image.open(path) as im:
        return tuple(_transform(im).shape)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clip-src", required=True, help="openai/CLIP checkout")
    ap.add_argument("--texts", help="captions, one a line")
    ap.add_argument("--images", help="folder of .jpg/.jpeg/.png files")
    a = ap.parse_args()
    if a.texts:
        tokenizer = openai_module(a.clip_src, "simple_tokenizer").SimpleTokenizer()
        with open(a.texts, encoding="utf-8") as f:
            captions = [line.rstrip("\n") for line in f if line.strip()]
        for label in ("first pass (cold cache)", "second pass (warm cache)"):
            began = time.perf_counter()
            for caption in captions:
                tokenizer.encode(caption)
            report(f"reference tokenizer, {label}",
                   len(captions) / (time.perf_counter() - began), "strings/s")
    if a.images:
        files = sorted(os.path.join(a.images, n) for n in os.listdir(a.images)
                       if n.lower().endswith((".jpg", ".jpeg", ".png")))
        if not files:
            raise SystemExit(f"--images {a.images}: no .jpg, .jpeg or .png files")
        with Pool(2, initializer=_start_worker) as pool:
            pool.map(_preprocess, files[:8])  # imports and first calls out of the timing
            began = time.perf_counter()
            pool.map(_preprocess, files, chunksize=8)
            seconds = time.perf_counter() - began
        report("PIL+torchvision eval preprocess (2 processes)", len(files) / seconds,
               "images/s")


if __name__ == "__main__":
    main()

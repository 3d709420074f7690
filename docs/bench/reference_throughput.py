"""Throughput of OpenAI's reference CLIP (model.py under PyTorch, float32, CPU) on this machine,
for a same-run comparison with `./clip bench`.

    /usr/bin/python3 docs/bench/reference_throughput.py --clip-src /tmp/openai_clip \
        [--threads 2] [--only ViT-B-32,RN50,train] [--seconds 4]

Rows (one JSON line each, {"what", "value", "unit"}): ViT-B/32 and RN50 image encoding of
batches of 16 random 224 px images; ViT-B/32 text encoding of 64 texts of 77 tokens; and a
"small-train" step: a small ViT (64 px, patch 16, width 256, 4 layers) and text tower (width
256, 4 layers), batch 64, symmetric cross-entropy, AdamW, eval-free training mode. Each row
calls twice to warm up, then repeatedly for at least --seconds (and 3 calls), and reports
items / median call time. Weights are PyTorch's default initialization: speed does not depend
on them.

Requirements: python3-torch, python3-numpy and an openai/CLIP checkout.
"""
import argparse
import statistics
import time

from reference_common import openai_module, report  # first: picks OpenBLAS kernels
import torch
import torch.nn.functional as F


SHAPES = {  # CLIP(...) arguments, as reference_fixture.py
    "ViT-B-32": (512, 224, 12, 768, 32, 77, 49408, 512, 8, 12),
    "RN50": (1024, 224, (3, 4, 6, 3), 64, None, 77, 49408, 512, 8, 12),
    "small-train": (256, 64, 4, 256, 16, 77, 49408, 256, 4, 4),
}


def per_second(call, items, seconds):
    """items / median time of one call, after two warm-up calls."""
    call()
    call()
    times, began = [], time.perf_counter()
    while len(times) < 3 or time.perf_counter() - began < seconds:
        t = time.perf_counter()
        call()
        times.append(time.perf_counter() - t)
    return items / statistics.median(times)


def texts(batch, length, end_token=49407):
    """Random token ids with the end token at position length - 1 (where the text tower
    takes its features)."""
    ids = torch.randint(1, end_token - 2, (batch, 77))
    ids[:, length - 1] = end_token
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clip-src", required=True, help="openai/CLIP checkout")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", default="", help="comma-separated: ViT-B-32, RN50, train")
    ap.add_argument("--seconds", type=float, default=4.0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    CLIP = openai_module(a.clip_src, "model").CLIP
    wanted = [w for w in a.only.split(",") if w]
    run = lambda name: not wanted or name in wanted
    with torch.no_grad():
        for name in ("ViT-B-32", "RN50"):
            if not run(name):
                continue
            model = CLIP(*SHAPES[name]).eval()
            images = torch.randn(16, 3, 224, 224)
            report(f"{name} image encode b16 fp32",
                   per_second(lambda: model.encode_image(images), 16, a.seconds), "images/s")
            if name == "ViT-B-32":
                ids = texts(64, 21)
                report(f"{name} text encode b64 ctx77 fp32",
                       per_second(lambda: model.encode_text(ids), 64, a.seconds), "texts/s")
    if run("train"):
        model = CLIP(*SHAPES["small-train"]).train()
        optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, betas=(0.9, 0.98), eps=1e-6,
                                      weight_decay=0.2)
        batch = 64
        images, ids, labels = torch.randn(batch, 3, 64, 64), texts(batch, 17), torch.arange(batch)

        def step():
            optimizer.zero_grad(set_to_none=True)
            logits_per_image, logits_per_text = model(images, ids)
            loss = (F.cross_entropy(logits_per_image, labels)
                    + F.cross_entropy(logits_per_text, labels)) / 2
            loss.backward()
            optimizer.step()

        report("small-train step b64 (ViT w256 d4 p16 @64px, text w256 d4) fp32",
               per_second(step, batch, a.seconds), "pairs/s")


if __name__ == "__main__":
    main()

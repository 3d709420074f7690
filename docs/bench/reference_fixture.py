"""Reference outputs of OpenAI's CLIP for a parity check: seeded random weights of one
architecture, inputs, and what OpenAI's model.py computes from them.

    /usr/bin/python3 docs/bench/reference_fixture.py --clip-src /tmp/openai_clip \
        --arch ViT-B-32 --seed 3 --out /tmp/ref_vitb32 [--dtype f16] [--batch 3]

Writes into --out: model.safetensors (OpenAI's state_dict names and layouts; F16 storage with
--dtype f16, and the outputs are then computed from the rounded weights), io.safetensors (image:
NCHW float32 noise; text: int32 token ids of a few captions; image_features and text_features:
the encoders' unnormalized outputs; logits_per_image) and config.json (the architecture).
`CLIP_FULLSIZE_DIRS=DIR[,DIR] mvn -B test -pl clip-tf -am -Dtest=FullSizeParityTest` compares
the repository's encoder against these files.

Requirements: python3-torch, python3-numpy, python3-regex and an openai/CLIP checkout.
"""
import argparse
import json
import math
import os

from reference_common import openai_module, save_safetensors  # first: picks OpenBLAS kernels
import torch


# OpenAI's CLIP(...) constructor arguments: embed_dim, image_resolution, vision_layers,
# vision_width, vision_patch_size, context_length, vocab_size, transformer_width,
# transformer_heads, transformer_layers (the values build_model derives from the released
# checkpoints), plus small models of the same families for quick checks.
ARCHITECTURES = {
    "ViT-B-32": (512, 224, 12, 768, 32, 77, 49408, 512, 8, 12),
    "ViT-B-16": (512, 224, 12, 768, 16, 77, 49408, 512, 8, 12),
    "RN50": (1024, 224, (3, 4, 6, 3), 64, None, 77, 49408, 512, 8, 12),
    "RN50x4": (640, 288, (4, 6, 10, 6), 80, None, 77, 49408, 640, 10, 12),
    "ViT-tiny": (64, 64, 2, 128, 16, 77, 49408, 128, 2, 2),
    "RN-tiny": (64, 64, (1, 1, 1, 1), 16, None, 77, 49408, 128, 2, 2),
}

CAPTIONS = ["a diagram", "a photo of a dog.", "A Photo Of A CAT, sitting on a mat!!",
            "the quick brown fox jumps over the lazy dog " * 3]


def seeded_weights(model, seed):
    """Fills every tensor from one generator with values of a trained model's scale: unit
    norms near 1, small biases and embeddings, 1/sqrt(fan_in) for the other weights, BatchNorm
    statistics that do not vanish, and CLIP's initial logit scale."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if not t.is_floating_point():
                continue  # BatchNorm's num_batches_tracked
            noise = torch.randn(t.shape, generator=gen)
            if name == "logit_scale":
                t.fill_(math.log(1 / 0.07))
            elif name.endswith("running_var"):
                t.copy_(0.5 + torch.rand(t.shape, generator=gen))
            elif name.endswith("running_mean"):
                t.copy_(0.1 * noise)
            elif name.endswith(".bias"):
                t.copy_(0.02 * noise)
            elif t.dim() == 1 and ("ln" in name or "bn" in name):
                t.copy_(1 + 0.1 * noise)
            elif "embedding" in name or t.dim() == 1:
                t.copy_(0.02 * noise)
            else:
                fan_in = t[0].numel() if t.dim() > 1 else t.numel()
                t.copy_(noise / math.sqrt(fan_in))


def token_rows(tokenizer, texts, context):
    """OpenAI's clip.tokenize: start token, the BPE ids, end token, zero padding; a text too
    long is cut and still ends with the end token."""
    start, end = tokenizer.encoder["<|startoftext|>"], tokenizer.encoder["<|endoftext|>"]
    rows = torch.zeros(len(texts), context, dtype=torch.int64)
    for i, text in enumerate(texts):
        ids = ([start] + tokenizer.encode(text) + [end])[:context]
        ids[-1] = end
        rows[i, :len(ids)] = torch.tensor(ids)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clip-src", required=True, help="openai/CLIP checkout")
    ap.add_argument("--arch", required=True, choices=sorted(ARCHITECTURES))
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dtype", choices=["f32", "f16"], default="f32")
    ap.add_argument("--batch", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(2)
    arch = ARCHITECTURES[a.arch]
    model = openai_module(a.clip_src, "model").CLIP(*arch).eval()
    seeded_weights(model, a.seed)
    state = dict(model.state_dict())
    if a.dtype == "f16":
        state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
        model.load_state_dict({k: v.float() for k, v in state.items()})
    tokenizer = openai_module(a.clip_src, "simple_tokenizer").SimpleTokenizer()
    texts = (CAPTIONS + [f"caption number {i}" for i in range(len(CAPTIONS), a.batch)])[:a.batch]
    text = token_rows(tokenizer, texts, arch[5])
    image = torch.randn(a.batch, 3, arch[1], arch[1],
                        generator=torch.Generator().manual_seed(a.seed + 1))
    with torch.no_grad():
        image_features = model.encode_image(image)
        text_features = model.encode_text(text)
        logits_per_image, _ = model(image, text)
    os.makedirs(a.out, exist_ok=True)
    save_safetensors(os.path.join(a.out, "model.safetensors"), state,
                     {"format": "pt", "arch": a.arch})
    save_safetensors(os.path.join(a.out, "io.safetensors"), {
        "image": image, "text": text.to(torch.int32), "image_features": image_features.float(),
        "text_features": text_features.float(), "logits_per_image": logits_per_image.float()})
    names = ["embed_dim", "image_resolution", "vision_layers", "vision_width",
             "vision_patch_size", "context_length", "vocab_size", "transformer_width",
             "transformer_heads", "transformer_layers"]
    config = dict(zip(names, arch), arch=a.arch, seed=a.seed, dtype=a.dtype, texts=texts)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    params = sum(p.numel() for p in model.parameters())
    print(f"{a.arch}: {params:,} parameters, seed {a.seed}, {a.dtype} -> {a.out}")


if __name__ == "__main__":
    main()

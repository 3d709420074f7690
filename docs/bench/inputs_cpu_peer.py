"""The reference's input-side rates by thread CPU time (less distorted by a busy machine than the
wall clock of reference_inputs.py beside this script): OpenAI's SimpleTokenizer with a fresh
(cold) cache, and PIL + torchvision eval preprocessing of a folder of JPEGs in one process.
Each rate is the median of 5 passes, like InputsBenchmark --cpu-time.
Usage: /usr/bin/python3 inputs_cpu_peer.py --clip-src DIR --texts FILE --images DIR"""
import argparse, importlib.util, json, os, statistics, sys, time, types

ap = argparse.ArgumentParser()
ap.add_argument("--clip-src", required=True)
ap.add_argument("--texts")
ap.add_argument("--images")
a = ap.parse_args()


def report(key, what, v, unit):
    print(json.dumps({"key": key, "what": what, "value": round(v, 2), "unit": unit}), flush=True)


if a.texts:
    sys.modules["ftfy"] = types.SimpleNamespace(fix_text=lambda s: s)
    spec = importlib.util.spec_from_file_location("st", os.path.join(a.clip_src, "clip", "simple_tokenizer.py"))
    st = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(st)
    texts = [l.rstrip("\n") for l in open(a.texts, encoding="utf-8") if l.strip()]
    rates = []
    for _ in range(5):
        tok = st.SimpleTokenizer()
        t = time.thread_time()
        for x in texts:
            tok.encode(x)
        rates.append(len(texts) / (time.thread_time() - t))
    report("tokenize_cpu_strings_per_s", "reference tokenizer, cold cache, thread CPU time, median of 5",
           statistics.median(rates), "strings/s")
if a.images:
    import torch
    torch.set_num_threads(1)
    from PIL import Image
    from torchvision.transforms import CenterCrop, Compose, InterpolationMode, Normalize, Resize, ToTensor
    tf = Compose([Resize(224, interpolation=InterpolationMode.BICUBIC), CenterCrop(224), lambda im: im.convert("RGB"),
                  ToTensor(), Normalize((0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711))])
    files = sorted(os.path.join(a.images, f) for f in os.listdir(a.images) if f.lower().endswith((".jpg", ".jpeg", ".png")))
    for p in files[:8]:
        tf(Image.open(p))
    rates = []
    for _ in range(5):
        t = time.thread_time()
        for p in files:
            tf(Image.open(p))
        rates.append(len(files) / (time.thread_time() - t))
    report("preprocess_cpu_images_per_s", "PIL+torchvision eval preprocess, one process, thread CPU time, median of 5",
           statistics.median(rates), "images/s")

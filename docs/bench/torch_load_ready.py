"""PyTorch side of docs/bench/load-time.sh: seconds from the shell's start stamp to a ready
reference model (torch.load + OpenAI's build_model(...).float().eval()), then in-process reloads.
Usage: /usr/bin/python3 torch_load_ready.py START CLIP_SRC MODEL.pt REPS"""
import importlib.util, os, sys, time
start, clip_src, path, reps = float(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
import torch
torch.set_num_threads(2)
spec = importlib.util.spec_from_file_location("model", os.path.join(clip_src, "clip", "model.py"))
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
again = []
for r in range(reps):
    t0 = time.time()
    sd = torch.load(path, map_location="cpu")
    model = m.build_model(sd).float().eval()
    if r == 0:
        print("fresh_ready %.2f" % (time.time() - start))
    else:
        again.append("%.2f" % (time.time() - t0))
    del model, sd
print("in_process " + " ".join(again))

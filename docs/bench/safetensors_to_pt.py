"""Writes a safetensors checkpoint (F32 tensors) as a torch.save state dict, for load-time
comparisons. Usage: /usr/bin/python3 safetensors_to_pt.py IN.safetensors OUT.pt"""
import json, struct, sys, torch
raw = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", raw[:8])[0]
header = json.loads(raw[8:8 + n]); base = 8 + n
dtypes = {"F32": torch.float32, "F16": torch.float16, "I64": torch.int64}
sd = {k: torch.frombuffer(bytearray(raw[base + v["data_offsets"][0]:base + v["data_offsets"][1]]),
                          dtype=dtypes[v["dtype"]]).reshape(v["shape"])
      for k, v in header.items() if k != "__metadata__"}
torch.save(sd, sys.argv[2])

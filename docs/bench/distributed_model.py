#!/usr/bin/env python3
"""Analytic model (not a measurement) of data-parallel CLIP training step time.

Step time of N workers at global batch B (no overlap of communication with compute, as in
clip's graph: the gradient all-reduce runs after the backward pass):

  T(N) = t_pair * B / N                      towers, forward + backward, measured per pair
       + 12 * B^2 * d / F                    full B x B similarity matrix on every worker
                                             (2 matmuls of 2*B^2*d flops, x3 for backward)
       + 2 * ((N-1) * a + (N-1)/N * 4*B*d / W)   two ring all-gathers of the features
       + 2 * (N-1) * a + 2 * (N-1)/N * 4*P / W   ring all-reduce of P float32 gradients

With --local-loss the matrix term is 12 * B * (B/N) * d / F and the features are exchanged
twice more (the gather's backward). Scaling efficiency at fixed global batch: T(1) / (N * T(N)).
Usage: distributed_model.py --t-pair SECONDS --params P --embed D --flops F
       [--batch 32768] [--bandwidth BYTES_PER_S] [--latency SECONDS]
"""
import argparse

p = argparse.ArgumentParser()
p.add_argument("--t-pair", type=float, required=True, help="measured s per pair, one worker")
p.add_argument("--params", type=float, required=True)
p.add_argument("--embed", type=float, required=True)
p.add_argument("--flops", type=float, required=True, help="matmul flop/s of one worker")
p.add_argument("--batch", type=int, default=32768)
p.add_argument("--bandwidth", type=float, default=12.5e9, help="bytes/s per link (100 Gb/s)")
p.add_argument("--latency", type=float, default=20e-6, help="s per ring hop")
p.add_argument("--local-loss", action="store_true", help="the paper's variant (not what clip "
               "runs): each worker computes only its B/N rows and columns and the gather's "
               "backward is a reduce-scatter of feature gradients (one more feature exchange)")
a = p.parse_args()


def step(n):
    b, d, par, w, lat = a.batch, a.embed, a.params, a.bandwidth, a.latency
    towers = a.t_pair * b / n
    loss = 12.0 * b * (b / n if a.local_loss else b) * d / a.flops
    exchanges = 4 if a.local_loss and n > 1 else 2
    gather = exchanges * ((n - 1) * lat + (n - 1) / n * 4 * b * d / w)
    reduce = 2 * (n - 1) * lat + 2 * (n - 1) / n * 4 * par / w
    return towers, loss, gather + reduce, 4 * (n - 1) / n * (exchanges * b * d + 2 * par)


t1 = sum(step(1)[:3])
print(("paper's local-rows loss (a projection; clip does not offer it)" if a.local_loss else "clip's full-matrix loss")
      + f", batch {a.batch}, {a.params:.3g} parameters, embed {a.embed:g}, "
      f"{a.bandwidth * 8 / 1e9:g} Gb/s, {a.latency * 1e6:g} us/hop")
print("| workers | towers s | loss matrix s | communication s | MB/worker/step | step s "
      "| efficiency |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for n in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]:
    towers, loss, comm, volume = step(n)
    t = towers + loss + comm
    print(f"| {n} | {towers:.4g} | {loss:.4g} | {comm:.4g} | {volume / 1e6:.1f} | {t:.4g} "
          f"| {t1 / (n * t):.1%} |")

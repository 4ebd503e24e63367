#!/usr/bin/python3
"""Times the SmolVLA PyTorch reference (tests/reference/smolvla, fp32, CPU) per chunk, split like `fleet policy bench`.

  torch_bench.py --checkpoint DIR --batch B --threads N --repeat R [--warmup W]

Inputs are synthetic like Fleet's benchmark: each camera at its configured size (so resize-with-pad runs),
tokenizer_max_length valid language tokens, random state and noise. prefix = image preparation + vision tower +
prefix embedding + prefill; denoise = the rest (the Euler loop). Prints median prefix/denoise/total ms.
"""
import argparse
import os
import statistics
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference", "smolvla"))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference"))
import smolvla_model  # noqa: E402
from smolvla_checkpoint import LoadedSmolVla  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1, help="untimed chunks first (0 on a slow machine)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    loaded = LoadedSmolVla(a.checkpoint)
    s = loaded.s
    gen = torch.Generator().manual_seed(1)
    obs = {"observation.state": torch.rand(a.batch, s.state_dim, generator=gen)}
    for key in s.image_keys:
        _, h, w = s.cfg["input_features"][key]["shape"]
        obs[key] = torch.rand(a.batch, 3, h, w, generator=gen)
    obs["observation.language.tokens"] = torch.randint(3, s.text.vocab, (a.batch, s.tokenizer_max_length), generator=gen)
    obs["observation.language.attention_mask"] = torch.ones(a.batch, s.tokenizer_max_length, dtype=torch.bool)
    noise = torch.randn(a.batch, s.chunk_size, s.max_action_dim, generator=gen)

    # Time the prefix stages by wrapping the reference's own methods (no change to its math).
    spent = {"prefix": 0.0}
    model_cls = smolvla_model.VlaFlowMatching
    expert_cls = smolvla_model.SmolVlmWithExpertModel
    for cls, name in ((model_cls, "embed_prefix"), (expert_cls, "prefill")):
        original = getattr(cls, name)

        def timed(self, *args, _original=original, **kwargs):
            start = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                spent["prefix"] += time.perf_counter() - start
        setattr(cls, name, timed)

    def once():
        spent["prefix"] = 0.0
        start, cpu = time.perf_counter(), time.process_time()
        loaded.predict(obs, noise)
        total = time.perf_counter() - start
        return spent["prefix"] * 1000, (total - spent["prefix"]) * 1000, total * 1000, (time.process_time() - cpu) * 1000

    for _ in range(a.warmup):
        once()
    runs = [once() for _ in range(a.repeat)]
    med = [statistics.median(r[i] for r in runs) for i in range(4)]
    print(f"batch {a.batch}: prefix {med[0]:.1f} ms, denoise {med[1]:.1f} ms, total {med[2]:.1f} ms, cpu {med[3]:.0f} ms"
          f" (median of {a.repeat}, {a.threads} threads)")


if __name__ == "__main__":
    main()

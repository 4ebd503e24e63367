#!/usr/bin/python3
"""PyTorch baseline timings of the SmolVLA reference (tests/reference/smolvla), one JSON line.

  torch_bench.py --checkpoint DIR [--threads 2] [--repeat 3] [--batch 1]

Phases, each as median/min wall ms and CPU ms per run (process CPU time, all threads):
  vision_per_camera  SigLIP + connector on one prepared image
  prefill            the text layers over the prefix embeddings, filling the KV cache
  prefix             image preparation + vision for every camera + embeddings + prefill
  denoise_10_steps   the Euler loop over the expert with the cached prefix
  total_per_chunk    the whole predict: normalization, resize-with-pad, prefix, denoise, un-normalization
Inputs: random images of the config's camera shape, tokenizer_max_length language tokens (all valid), random state.
"""
import argparse
import json
import os
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference", "smolvla"))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference"))
from smolvla_checkpoint import LoadedSmolVla  # noqa: E402
from smolvla_model import make_att_2d_masks, pad_vector  # noqa: E402


def timed(fn, repeat):
    walls = []
    cpu0 = time.process_time()
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        walls.append((time.perf_counter() - t0) * 1000)
    cpu = (time.process_time() - cpu0) * 1000 / repeat
    walls.sort()
    return {"median_ms": walls[len(walls) // 2], "min_ms": walls[0], "cpu_ms": cpu}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=1, help="untimed predict calls first")
    p.add_argument("--phases", default="vision,prefill,prefix,denoise,total",
                   help="comma-separated subset to time (full size on 2 cores: each chunk takes minutes)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    loaded = LoadedSmolVla(a.checkpoint)
    s, b = loaded.s, a.batch
    gen = torch.Generator().manual_seed(0)
    obs = {"observation.state": torch.randn(b, s.state_dim, generator=gen)}
    for key in s.image_keys:
        obs[key] = torch.rand(b, 3, *s.cfg["input_features"][key]["shape"][1:], generator=gen)
    obs["observation.language.tokens"] = torch.randint(3, s.text.vocab, (b, s.tokenizer_max_length), generator=gen)
    obs["observation.language.attention_mask"] = torch.ones(b, s.tokenizer_max_length, dtype=torch.bool)
    noise = torch.randn(b, s.chunk_size, s.max_action_dim, generator=gen)
    model = loaded.policy.model
    vwe = model.vlm_with_expert
    names, images, masks = loaded.prepare_images(obs)
    state = pad_vector(loaded.normalize_state(obs["observation.state"]), s.max_state_dim)
    tokens, lang_mask = obs["observation.language.tokens"], obs["observation.language.attention_mask"]

    def prefix():
        n, imgs, m = loaded.prepare_images(obs)
        embs, pads, flags = model.embed_prefix(imgs, m, tokens, lang_mask, state)
        return pads, vwe.prefill(embs, make_att_2d_masks(pads, flags), torch.cumsum(pads.long(), 1) - 1)

    with torch.no_grad():
        embs, pads, flags = model.embed_prefix(images, masks, tokens, lang_mask, state)
        att, positions = make_att_2d_masks(pads, flags), torch.cumsum(pads.long(), 1) - 1
        cache = vwe.prefill(embs, att, positions)

    def denoise():
        dt = torch.tensor(-1.0 / s.num_steps)
        x = noise
        for k in range(s.num_steps):
            t = torch.tensor(1.0 - k / s.num_steps, dtype=torch.float32).expand(b)
            x = x + dt * model.denoise_step(pads, cache, x, t)
        return x

    phases = {
        "vision": ("vision_per_camera", lambda: vwe.embed_image(images[0])),
        "prefill": ("prefill", lambda: vwe.prefill(embs, att, positions)),
        "prefix": ("prefix", prefix),
        "denoise": ("denoise_10_steps", denoise),
        "total": ("total_per_chunk", lambda: loaded.predict(obs, noise)),
    }
    result = {"engine": f"pytorch {torch.__version__}", "threads": a.threads, "batch": b, "cameras": len(images),
              "prefix_length": int(embs.shape[1])}
    with torch.no_grad():
        for _ in range(a.warmup):
            loaded.predict(obs, noise)
        for phase in a.phases.split(","):
            name, fn = phases[phase]
            result[name] = timed(fn, a.repeat)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes a random raw observation and a noise tensor for a SmolVLA checkpoint (inputs of smolvla_reference.py).

  make_inputs.py --checkpoint DIR --batch B --seed S --observation OBS.safetensors --noise NOISE.safetensors
                 [--image-height H --image-width W] [--lang-lengths 16,9,3,...]

OBS: observation.state f32 [B,state_dim] (~N(mean-ish, 1..3)), observation.images.<camera> f32 [B,3,H,W] uniform in
[0,1] (H,W default: the config's feature shape), observation.language.tokens i64 [B,L] with L = tokenizer_max_length,
right-padded with pad id 2 after a per-item number of valid tokens (--lang-lengths, cycled; default L, L/2+1, 3, L-1),
and observation.language.attention_mask U8 [B,L]. NOISE: noise f32 [B,chunk_size,max_action_dim] ~ N(0,1).
"""
import argparse
import os
import sys

# Sleeping (not spinning) OpenMP workers: on a loaded, shared machine a spinning worker burns whole timeslices
# waiting for a descheduled peer (3-75x slower runs measured here). Results are unaffected.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from safetensors_io import save_file  # noqa: E402

from smolvla_config import load_settings  # noqa: E402

PAD_ID = 2


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--observation", required=True)
    p.add_argument("--noise", required=True)
    p.add_argument("--image-height", type=int)
    p.add_argument("--image-width", type=int)
    p.add_argument("--lang-lengths", help="comma-separated valid token counts per batch item (cycled)")
    a = p.parse_args()
    s = load_settings(a.checkpoint)
    gen = torch.Generator().manual_seed(a.seed)
    length = s.tokenizer_max_length
    lengths = [int(x) for x in a.lang_lengths.split(",")] if a.lang_lengths else [length, length // 2 + 1, 3, length - 1]
    if any(n < 1 or n > length for n in lengths):
        raise SystemExit(f"--lang-lengths must lie in 1..{length}")
    obs = {"observation.state": torch.randn(a.batch, s.state_dim, generator=gen) * 2 + 0.5}
    for key in s.image_keys:
        _, h, w = s.cfg["input_features"][key]["shape"]
        obs[key] = torch.rand(a.batch, 3, a.image_height or h, a.image_width or w, generator=gen)
    # Ids avoid 0..2 (bos/eos/pad in the SmolVLM family) so a real token is never the pad id.
    tokens = torch.randint(3, s.text.vocab, (a.batch, length), generator=gen)
    mask = torch.zeros(a.batch, length, dtype=torch.uint8)
    for i in range(a.batch):
        n = lengths[i % len(lengths)]
        mask[i, :n] = 1
        tokens[i, n:] = PAD_ID
    obs["observation.language.tokens"] = tokens
    obs["observation.language.attention_mask"] = mask
    save_file(obs, a.observation)
    save_file({"noise": torch.randn(a.batch, s.chunk_size, s.max_action_dim, generator=gen)}, a.noise)


if __name__ == "__main__":
    main()

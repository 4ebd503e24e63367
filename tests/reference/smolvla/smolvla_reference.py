#!/usr/bin/python3
"""Fleet's PyTorch reference for SmolVLA inference (Debian's /usr/bin/python3 with python3-torch 1.13, CPU, fp32).

  smolvla_reference.py --checkpoint DIR --observation OBS.safetensors --noise NOISE.safetensors --out OUT.safetensors
                       [--dump] [--threads N]

OBS: `observation.state` f32 [B,state_dim] (raw), `observation.images.<name>` f32 [B,3,H,W] in [0,1] (any H,W; the
reference resizes with padding), `observation.language.tokens` i64 [B,L], `observation.language.attention_mask`
u8/bool [B,L] (right padding). NOISE: `noise` f32 [B,chunk_size,max_action_dim].
OUT: `action` f32 [B,chunk_size,action_dim], un-normalized. With --dump also:
  images.<name>        [B,3,S,S]  prepared images in [-1,1]
  vision.<name>        [B,T,H]    connector output, before the sqrt(H) scale
  state.padded         [B,32]     normalized, zero-padded state
  prefix.embeddings    [B,P,H]    [images | language | state] after scaling
  prefix.pad_mask      [B,P] U8, prefix.position_ids [B,P] I64, prefix.att_2d_mask [B,P,P] U8
  prefix.k.<l>, prefix.v.<l>  [B,P,kv_heads,head_dim]  post-RoPE K, V of text layer l
  velocity.<k>, x.<k>  [B,chunk,max_action_dim]        velocity of Euler step k and x after it
  suffix.position_ids [B,chunk] I64, suffix.att_2d_mask [B,chunk,P+chunk] U8 (self-attention layers' mask),
  suffix.embeddings.<k> [B,chunk,expert width]          time-MLP output of step k
Rows at padded prefix positions (prefix.pad_mask == 0) of prefix.k/v for layers >= 1 are don't-care values: a
fully masked query attends uniformly (LeRobot's fp32-minimum masking), no valid token ever reads them, and an
engine that drops pad tokens does not compute them. Compare prefix.k/v on valid positions only.
The script also checks its own invariants (masks, positions, shapes, finiteness) and fails loudly if one breaks.
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
from safetensors_io import load_file, save_file  # noqa: E402

from smolvla_checkpoint import LoadedSmolVla  # noqa: E402
from self_checks import check_dump  # noqa: E402


def to_file_tensor(t):
    t = t.detach().contiguous()
    return t.to(torch.uint8) if t.dtype == torch.bool else t


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--observation", required=True)
    p.add_argument("--noise", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--dump", action="store_true")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    loaded = LoadedSmolVla(a.checkpoint)
    obs = load_file(a.observation)
    noise = load_file(a.noise)
    if "noise" not in noise:
        raise SystemExit(f"{a.noise}: no tensor named 'noise'")
    dump = {}
    action = loaded.predict(obs, noise["noise"], dump)
    check_dump(loaded.s, obs, dump, action)
    out = {"action": action.contiguous()}
    if a.dump:
        out.update({k: to_file_tensor(v) for k, v in dump.items()})
    save_file(out, a.out)


if __name__ == "__main__":
    main()

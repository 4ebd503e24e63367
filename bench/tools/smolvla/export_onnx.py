#!/usr/bin/python3
"""Exports the SmolVLA reference (tests/reference/smolvla) to three ONNX graphs for the ONNX Runtime baseline.

  export_onnx.py --checkpoint DIR --out-dir DIR [--batch 1] [--lang-length L]

  vision.onnx   images [B,3,S,S] (prepared, [-1,1])              -> vision [B,T,H]   (SigLIP + connector, one camera)
  prefill.onnx  embeddings [B,P,H], att_2d_mask [B,P,P] bool,
                position_ids [B,P] i64                             -> k0,v0,...,k15,v15 [B,P,kv,D] (post-RoPE)
  denoise.onnx  x_t [B,chunk,A], time [B], prefix_pad [B,P] bool,
                k0,v0,...,k15,v15                                  -> velocity [B,chunk,A] (one Euler step's network)

P = cameras*T + L + 1 with L = --lang-length (default tokenizer_max_length) and cameras from config.json; shapes are
fixed (no dynamic axes) and written to shapes.json for ort_smolvla.js. torch 1.13's exporter, opset 17. Everything in fp32, weights widened from the checkpoint.
"""
import argparse
import json
import os
import sys

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference", "smolvla"))
sys.path.insert(0, os.path.join(ROOT, "tests", "reference"))
from smolvla_checkpoint import LoadedSmolVla  # noqa: E402

OPSET = 17


class Vision(nn.Module):
    def __init__(self, loaded):
        super().__init__()
        self.inner = loaded.policy.model.vlm_with_expert

    def forward(self, images):
        return self.inner.embed_image(images)


class Prefill(nn.Module):
    def __init__(self, loaded):
        super().__init__()
        self.inner = loaded.policy.model.vlm_with_expert

    def forward(self, embeddings, att_2d_mask, position_ids):
        cache = self.inner.prefill(embeddings, att_2d_mask, position_ids)
        return tuple(t for kv in cache for t in kv)


class Denoise(nn.Module):
    def __init__(self, loaded):
        super().__init__()
        self.inner = loaded.policy.model

    def forward(self, x_t, time, prefix_pad, *kv):
        cache = [(kv[2 * i], kv[2 * i + 1]) for i in range(len(kv) // 2)]
        return self.inner.denoise_step(prefix_pad, cache, x_t, time)


def kv_names(layers):
    return [f"{p}{i}" for i in range(layers) for p in "kv"]


def export(module, args, path, inputs, outputs):
    with torch.no_grad():
        torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, opset_version=OPSET,
                          do_constant_folding=True)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.0f} MB)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True)
    p.add_argument("--out-dir", required=True)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--lang-length", type=int)
    a = p.parse_args()
    loaded = LoadedSmolVla(a.checkpoint)
    for param in loaded.policy.parameters():
        param.requires_grad_(False)
    s, b = loaded.s, a.batch
    side = s.resize_height or s.vision.image_size
    lang = a.lang_length or s.tokenizer_max_length
    p_len = len(s.image_keys) * s.tokens_per_image + lang + 1
    os.makedirs(a.out_dir, exist_ok=True)
    shapes = {"batch": b, "cameras": len(s.image_keys), "side": side, "tokens_per_image": s.tokens_per_image,
              "hidden": s.text.hidden, "prefix_length": p_len, "lang_length": lang, "layers": s.num_vlm_layers,
              "kv_heads": s.text.kv_heads, "head_dim": s.text.head_dim, "chunk_size": s.chunk_size,
              "max_action_dim": s.max_action_dim, "num_steps": s.num_steps}
    with open(os.path.join(a.out_dir, "shapes.json"), "w") as f:
        json.dump(shapes, f, indent=2)

    export(Vision(loaded), (torch.rand(b, 3, side, side) * 2 - 1,), os.path.join(a.out_dir, "vision.onnx"),
           ["images"], ["vision"])

    emb = torch.randn(b, p_len, s.text.hidden)
    att = torch.ones(b, p_len, p_len, dtype=torch.bool)
    pos = torch.arange(p_len)[None].expand(b, -1).contiguous()
    names = kv_names(s.num_vlm_layers)
    export(Prefill(loaded), (emb, att, pos), os.path.join(a.out_dir, "prefill.onnx"),
           ["embeddings", "att_2d_mask", "position_ids"], names)

    kv = tuple(torch.randn(b, p_len, s.text.kv_heads, s.text.head_dim) for _ in names)
    x = torch.randn(b, s.chunk_size, s.max_action_dim)
    export(Denoise(loaded), (x, torch.full((b,), 0.5), torch.ones(b, p_len, dtype=torch.bool), *kv),
           os.path.join(a.out_dir, "denoise.onnx"), ["x_t", "time", "prefix_pad"] + names, ["velocity"])


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The model.safetensors inventory of a SmolVLA checkpoint (policies.md 1.5), written out from the table rather
than from the module tree, so it checks both make_checkpoint.py and the module names.

  inventory.py DIR     checks DIR/model.safetensors against the inventory for DIR's config; prints a summary.
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from smolvla_config import SmolVlaSettings, load_settings  # noqa: E402

M = "model.vlm_with_expert."
NORMALIZATION_MODULES = ("normalize_inputs.", "normalize_targets.", "unnormalize_outputs.")


def expected_inventory(s: SmolVlaSettings) -> dict:
    """name -> (dtype, shape) for every tensor LeRobot stores."""
    t, v = s.text, s.vision
    h, e, kv = t.hidden, s.expert_width, t.kv_heads * t.head_dim
    q = t.heads * t.head_dim
    inv = {}

    def add(name, dtype, *shape):
        inv[name] = (dtype, list(shape))

    for name, out_f, in_f in (("state_proj", h, s.max_state_dim), ("action_in_proj", e, s.max_action_dim),
                              ("action_out_proj", s.max_action_dim, e), ("action_time_mlp_in", e, 2 * e),
                              ("action_time_mlp_out", e, e)):
        add(f"model.{name}.weight", "F32", out_f, in_f)
        add(f"model.{name}.bias", "F32", out_f)
    vis = M + "vlm.model.vision_model."
    add(vis + "embeddings.patch_embedding.weight", "BF16", v.hidden, 3, v.patch, v.patch)
    add(vis + "embeddings.patch_embedding.bias", "BF16", v.hidden)
    add(vis + "embeddings.position_embedding.weight", "BF16", v.grid * v.grid, v.hidden)
    for i in range(v.layers):
        layer = f"{vis}encoder.layers.{i}."
        for p in "qkv":
            add(f"{layer}self_attn.{p}_proj.weight", "BF16", v.hidden, v.hidden)
            add(f"{layer}self_attn.{p}_proj.bias", "BF16", v.hidden)
        add(f"{layer}self_attn.out_proj.weight", "BF16", v.hidden, v.hidden)
        add(f"{layer}self_attn.out_proj.bias", "BF16", v.hidden)
        for n in ("layer_norm1", "layer_norm2"):
            add(f"{layer}{n}.weight", "BF16", v.hidden)
            add(f"{layer}{n}.bias", "BF16", v.hidden)
        add(f"{layer}mlp.fc1.weight", "BF16", v.intermediate, v.hidden)
        add(f"{layer}mlp.fc1.bias", "BF16", v.intermediate)
        add(f"{layer}mlp.fc2.weight", "BF16", v.hidden, v.intermediate)
        add(f"{layer}mlp.fc2.bias", "BF16", v.hidden)
    add(vis + "post_layernorm.weight", "BF16", v.hidden)
    add(vis + "post_layernorm.bias", "BF16", v.hidden)
    add(M + "vlm.model.connector.modality_projection.proj.weight", "BF16", h, v.hidden * s.scale_factor ** 2)
    txt = M + "vlm.model.text_model."
    add(txt + "embed_tokens.weight", "BF16", t.vocab, h)
    _llama_layers(add, txt, s.num_vlm_layers, h, t.intermediate, q, kv, lambda i: False)
    add(txt + "norm.weight", "BF16", h)
    add(M + "vlm.lm_head.weight", "BF16", t.vocab, h)
    _llama_layers(add, M + "lm_expert.", s.num_expert_layers, e, s.expert_intermediate, q, kv,
                  lambda i: not s.is_self_attn_layer(i))
    add(M + "lm_expert.norm.weight", "BF16", e)
    return inv


def _llama_layers(add, prefix, count, width, intermediate, q, kv, cross):
    for i in range(count):
        layer = f"{prefix}layers.{i}."
        add(layer + "self_attn.q_proj.weight", "BF16", q, width)
        for p in "kv":
            if cross(i):
                add(f"{layer}self_attn.{p}_proj.weight", "F32", kv, kv)
            else:
                add(f"{layer}self_attn.{p}_proj.weight", "BF16", kv, width)
        add(layer + "self_attn.o_proj.weight", "BF16", width, q)
        add(layer + "mlp.gate_proj.weight", "BF16", intermediate, width)
        add(layer + "mlp.up_proj.weight", "BF16", intermediate, width)
        add(layer + "mlp.down_proj.weight", "BF16", width, intermediate)
        add(layer + "input_layernorm.weight", "BF16", width)
        add(layer + "post_attention_layernorm.weight", "BF16", width)


def read_header(path: str) -> dict:
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    header.pop("__metadata__", None)
    return header


def check(directory: str) -> dict:
    """Raises SystemExit on any difference; returns counts for the summary."""
    s = load_settings(directory)
    expected = expected_inventory(s)
    header = read_header(os.path.join(directory, "model.safetensors"))
    # lerobot <= 0.3 files also hold the normalization buffers (policies.md 1.6); they are not model weights.
    header = {k: v for k, v in header.items() if not k.startswith(NORMALIZATION_MODULES)}
    missing = sorted(set(expected) - set(header))
    extra = sorted(set(header) - set(expected))
    if missing or extra:
        raise SystemExit(f"inventory: missing {missing[:5]}, unexpected {extra[:5]}")
    for name, (dtype, shape) in expected.items():
        got = header[name]
        if got["dtype"] != dtype or got["shape"] != shape:
            raise SystemExit(f"inventory: {name} is {got['dtype']} {got['shape']}, expected {dtype} {shape}")
    values = sum(_numel(i["shape"]) for i in header.values())
    return {"tensors": len(header), "f32": sum(1 for i in header.values() if i["dtype"] == "F32"), "values": values}


def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


if __name__ == "__main__":
    print(json.dumps(check(sys.argv[1])))

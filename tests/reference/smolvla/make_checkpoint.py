#!/usr/bin/python3
"""Writes a random-weight SmolVLA checkpoint folder in LeRobot's processor-era layout (policies.md 1.5).

  make_checkpoint.py --out DIR --size tiny|full --seed S --cameras N [--state-dim 6] [--action-dim 6]
                     [--image-height H --image-width W] [--stats plain|old|so100]

Files: config.json, model.safetensors (LeRobot's 500 tensor names; VLM and expert layers BF16, the 26 projection
tensors F32, as in smolvla_base; with --stats old also lerobot <= 0.3's normalization buffers), policy_preprocessor.json + ..._step_5_normalizer_processor.safetensors,
policy_postprocessor.json + ..._step_0_unnormalizer_processor.safetensors, and for --size tiny a vlm_config.json
(Hugging Face SmolVLM config layout) with the scaled-down backbone sizes. --size full writes smolvla_base's sizes
and no vlm_config.json (~0.9 GB: write it outside the repository).

Weights are drawn so that every layer contributes O(1) to its residual stream (std = gain/sqrt(fan_in)), norms
near 1, biases small but non-zero: parity tests then see a difference in any layer. The predictions mean nothing.
"""
import argparse
import json
import math
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

from smolvla_config import SMOLVLM2_500M, SmolVlaSettings  # noqa: E402
from smolvla_model import SmolVlaPolicy  # noqa: E402

PRE_FILE = "policy_preprocessor_step_5_normalizer_processor.safetensors"
POST_FILE = "policy_postprocessor_step_0_unnormalizer_processor.safetensors"
VLM_NAME = "HuggingFaceTB/SmolVLM2-500M-Video-Instruct"

# The scaled-down backbone: same layer counts and key layout as SmolVLM2-500M, small widths.
TINY_VLM = {
    "model_type": "smolvlm",
    "text_config": {
        "model_type": "llama", "hidden_size": 96, "intermediate_size": 256, "num_attention_heads": 6,
        "num_key_value_heads": 2, "head_dim": 16, "rms_norm_eps": 1e-5, "vocab_size": 512,
        "num_hidden_layers": 16, "rope_theta": 10000.0, "max_position_embeddings": 2048, "pad_token_id": 2,
    },
    "vision_config": {
        "model_type": "smolvlm_vision", "hidden_size": 48, "image_size": 64, "patch_size": 8,
        "num_attention_heads": 4, "num_hidden_layers": 12, "intermediate_size": 96, "layer_norm_eps": 1e-6,
        "hidden_act": "gelu_pytorch_tanh",
    },
    "scale_factor": 4,
}


def make_config(size, cameras, state_dim, action_dim, height, width):
    tiny = size == "tiny"
    inputs = {"observation.state": {"type": "STATE", "shape": [state_dim]}}
    for i in range(1, cameras + 1):
        inputs[f"observation.images.camera{i}"] = {"type": "VISUAL", "shape": [3, height, width]}
    side = 64 if tiny else 512
    return {
        "type": "smolvla", "n_obs_steps": 1,
        "normalization_mapping": {"VISUAL": "IDENTITY", "STATE": "MEAN_STD", "ACTION": "MEAN_STD"},
        "input_features": inputs,
        "output_features": {"action": {"type": "ACTION", "shape": [action_dim]}},
        "device": "cpu", "use_amp": False, "use_peft": False, "push_to_hub": False, "repo_id": None,
        "private": None, "tags": None, "license": None, "pretrained_path": None,
        "chunk_size": 50, "n_action_steps": 50, "max_state_dim": 32, "max_action_dim": 32,
        "resize_imgs_with_padding": [side, side], "empty_cameras": 0, "adapt_to_pi_aloha": False,
        "use_delta_joint_actions_aloha": False, "tokenizer_max_length": 16 if tiny else 48, "num_steps": 10,
        "use_cache": True, "freeze_vision_encoder": True, "train_expert_only": True, "train_state_proj": True,
        "optimizer_lr": 1e-4, "optimizer_betas": [0.9, 0.95], "optimizer_eps": 1e-8, "optimizer_weight_decay": 1e-10,
        "optimizer_grad_clip_norm": 10, "scheduler_warmup_steps": 1000, "scheduler_decay_steps": 30000,
        "scheduler_decay_lr": 2.5e-6, "vlm_model_name": VLM_NAME, "load_vlm_weights": True,
        "add_image_special_tokens": False, "attention_mode": "cross_attn", "prefix_length": 0,
        "pad_language_to": "max_length", "num_expert_layers": 0, "num_vlm_layers": 16,
        "self_attn_every_n_layers": 2, "expert_width_multiplier": 0.75, "min_period": 0.004, "max_period": 4.0,
    }


def is_f32(name):
    """smolvla_base's 26 F32 tensors: the five projections around the expert and the cross-attention k/v_proj."""
    if name.startswith(("model.state_proj.", "model.action_in_proj.", "model.action_out_proj.",
                        "model.action_time_mlp_in.", "model.action_time_mlp_out.")):
        return True
    if ".lm_expert.layers." in name and (".self_attn.k_proj." in name or ".self_attn.v_proj." in name):
        layer = int(name.split(".lm_expert.layers.")[1].split(".")[0])
        return layer % 2 == 1
    return False


def init_std(name, shape, s: SmolVlaSettings):
    """The std of the normal each weight is drawn from; norms are handled by the caller."""
    if name.endswith("embed_tokens.weight"):
        return 1.0 / math.sqrt(s.text.hidden)  # x sqrt(hidden) in the prefix -> O(1)
    if name.endswith("modality_projection.proj.weight"):
        return 1.0 / math.sqrt(shape[1] * s.text.hidden)  # same: image tokens are scaled by sqrt(hidden) too
    if name.endswith("position_embedding.weight"):
        return 0.3
    if name.endswith("lm_head.weight"):
        return 0.02
    if name.endswith(".bias"):
        return 0.05
    fan_in = math.prod(shape[1:])
    return 1.0 / math.sqrt(fan_in)


def randomize(policy, s, gen):
    with torch.no_grad():
        for name, p in policy.named_parameters():
            norm = "norm" in name.split(".")[-2]  # layer_norm1, input_layernorm, post_layernorm, norm, ...
            if norm and name.endswith(".weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(torch.randn(p.shape, generator=gen) * init_std(name, tuple(p.shape), s))


def random_stats(dim, gen):
    mean = torch.randn(dim, generator=gen)
    std = torch.rand(dim, generator=gen) * 1.5 + 0.5
    return {"mean": mean, "std": std, "min": mean - 3 * std, "max": mean + 3 * std}


def make_stats(cfg, gen):
    stats = {}
    for key in ("observation.state", "action"):
        feature = cfg["input_features"].get(key) or cfg["output_features"][key]
        for stat, value in random_stats(feature["shape"][0], gen).items():
            stats[f"{key}.{stat}"] = value
    return stats


def old_layout_buffers(stats):
    """lerobot <= 0.3: normalize_inputs / normalize_targets / unnormalize_outputs buffers (mean/std only)."""
    out = {}
    for key, value in stats.items():
        feature, stat = key.rsplit(".", 1)
        if stat not in ("mean", "std"):
            continue
        buf = "buffer_" + feature.replace(".", "_")
        modules = ("normalize_targets", "unnormalize_outputs") if feature == "action" else ("normalize_inputs",)
        for module in modules:
            out[f"{module}.{buf}.{stat}"] = value
    return out


def so100_quirk_stats(action_dim, gen):
    """smolvla_base's processor files: only so100*.buffer.action.{mean,std}, which match no feature key -> identity."""
    out = {}
    for name in ("so100", "so100-blue", "so100-red"):
        out[f"{name}.buffer.action.mean"] = torch.randn(action_dim, generator=gen) * 50
        out[f"{name}.buffer.action.std"] = torch.rand(action_dim, generator=gen) * 40 + 10
    return out


def write_processors(directory, cfg, stats):
    features = {k: {"type": v["type"], "shape": v["shape"]} for k, v in {**cfg["input_features"], **cfg["output_features"]}.items()}
    norm_cfg = {"eps": 1e-8, "features": features, "norm_map": cfg["normalization_mapping"]}
    device = {"registry_name": "device_processor", "config": {"device": "cpu", "float_dtype": None}}
    pre = {"name": "policy_preprocessor", "steps": [
        {"registry_name": "rename_observations_processor", "config": {"rename_map": {}}},
        {"registry_name": "to_batch_processor", "config": {}},
        {"registry_name": "smolvla_new_line_processor", "config": {}},
        {"registry_name": "tokenizer_processor", "config": {
            "max_length": cfg["tokenizer_max_length"], "task_key": "task", "padding_side": "right",
            "padding": cfg["pad_language_to"], "truncation": True, "tokenizer_name": cfg["vlm_model_name"]}},
        device,
        {"registry_name": "normalizer_processor", "config": norm_cfg, "state_file": PRE_FILE}]}
    post = {"name": "policy_postprocessor", "steps": [
        {"registry_name": "unnormalizer_processor", "config": norm_cfg, "state_file": POST_FILE}, device]}
    for name, doc in (("policy_preprocessor.json", pre), ("policy_postprocessor.json", post)):
        with open(os.path.join(directory, name), "w") as f:
            json.dump(doc, f, indent=2)
    save_file({k: v for k, v in stats.items() if not k.startswith("action")}, os.path.join(directory, PRE_FILE))
    save_file({k: v for k, v in stats.items() if not k.startswith("observation.state")}, os.path.join(directory, POST_FILE))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--size", choices=["tiny", "full"], default="tiny")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cameras", type=int, default=1)
    p.add_argument("--state-dim", type=int, default=6)
    p.add_argument("--action-dim", type=int, default=6)
    p.add_argument("--image-height", type=int)
    p.add_argument("--image-width", type=int)
    p.add_argument("--stats", choices=["plain", "old", "so100"], default="plain",
                   help="plain: processor files with observation.state.*/action.* (default); old: lerobot <= 0.3 "
                        "buffers inside model.safetensors, no processor files; so100: processor files holding only "
                        "smolvla_base's so100*.buffer.action.* keys (normalization is then identity)")
    a = p.parse_args()
    tiny = a.size == "tiny"
    height = a.image_height or (60 if tiny else 480)
    width = a.image_width or (80 if tiny else 640)
    cfg = make_config(a.size, a.cameras, a.state_dim, a.action_dim, height, width)
    vlm = TINY_VLM if tiny else SMOLVLM2_500M
    s = SmolVlaSettings(cfg, vlm)
    if s.state_dim > s.max_state_dim or s.action_dim > s.max_action_dim:
        raise SystemExit("--state-dim/--action-dim must be <= 32 (max_state_dim/max_action_dim)")
    gen = torch.Generator().manual_seed(a.seed)
    policy = SmolVlaPolicy(s)
    randomize(policy, s, gen)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if tiny:
        with open(os.path.join(a.out, "vlm_config.json"), "w") as f:
            json.dump(TINY_VLM, f, indent=2)
    tensors = {k: (v if is_f32(k) else v.to(torch.bfloat16)) for k, v in policy.state_dict().items()}
    del policy
    stats = make_stats(cfg, gen)
    if a.stats == "old":
        tensors.update(old_layout_buffers(stats))
    save_file(tensors, os.path.join(a.out, "model.safetensors"), {"format": "pt"})
    if a.stats == "plain":
        write_processors(a.out, cfg, stats)
    elif a.stats == "so100":
        write_processors(a.out, cfg, so100_quirk_stats(a.action_dim, gen))


if __name__ == "__main__":
    main()

"""SmolVLA sizes: the policy config.json fields the forward pass reads, and the SmolVLM backbone sizes.

The backbone sizes come from `vlm_config.json` next to config.json when present (the tiny test checkpoints write
one, in the Hugging Face SmolVLM config.json layout); otherwise they are SmolVLM2-500M-Video-Instruct's, which
is what lerobot/smolvla_base uses (research: policies.md section 1.2 and section 3).
"""
import json
import os

# SmolVLM2-500M-Video-Instruct, as smolvla_base uses it (policies.md 1.2 / 3).
SMOLVLM2_500M = {
    "text_config": {
        "hidden_size": 960, "intermediate_size": 2560, "num_attention_heads": 15, "num_key_value_heads": 5,
        "head_dim": 64, "rms_norm_eps": 1e-5, "vocab_size": 49280, "num_hidden_layers": 32,
    },
    "vision_config": {
        "hidden_size": 768, "image_size": 512, "patch_size": 16, "num_attention_heads": 12,
        "num_hidden_layers": 12, "intermediate_size": 3072, "layer_norm_eps": 1e-6,
    },
    "scale_factor": 4,
}


class TextSizes:
    def __init__(self, c: dict):
        self.hidden = c["hidden_size"]
        self.intermediate = c["intermediate_size"]
        self.heads = c["num_attention_heads"]
        self.kv_heads = c["num_key_value_heads"]
        self.head_dim = c.get("head_dim") or self.hidden // self.heads
        self.eps = c["rms_norm_eps"]
        self.vocab = c["vocab_size"]


class VisionSizes:
    def __init__(self, c: dict):
        self.hidden = c["hidden_size"]
        self.image_size = c["image_size"]
        self.patch = c["patch_size"]
        self.heads = c["num_attention_heads"]
        self.layers = c["num_hidden_layers"]
        self.intermediate = c["intermediate_size"]
        self.eps = c["layer_norm_eps"]
        self.grid = self.image_size // self.patch


def expert_intermediate_size(width: int, multiplier: int = 4, multiple_of: int = 256) -> int:
    """LeRobot's rule for the expert MLP width: 4 * int(2*width/3), rounded up to a multiple of 256."""
    hidden = int(multiplier * int(2 * width / 3))
    return multiple_of * ((hidden + multiple_of - 1) // multiple_of)


class SmolVlaSettings:
    """Everything the reference forward pass needs, read from a checkpoint folder's config.json (+ vlm_config.json)."""

    def __init__(self, cfg: dict, vlm: dict):
        self.cfg = cfg
        if cfg.get("type") != "smolvla":
            raise SystemExit(f"config.json: type is {cfg.get('type')!r}, expected 'smolvla'")
        if cfg.get("attention_mode", "cross_attn") != "cross_attn":
            raise SystemExit(f"config.json: attention_mode {cfg['attention_mode']!r} is not modelled (only cross_attn)")
        self.text = TextSizes(vlm["text_config"])
        self.vision = VisionSizes(vlm["vision_config"])
        self.scale_factor = vlm["scale_factor"]
        self.chunk_size = cfg["chunk_size"]
        self.n_action_steps = cfg["n_action_steps"]
        self.max_state_dim = cfg["max_state_dim"]
        self.max_action_dim = cfg["max_action_dim"]
        resize = cfg.get("resize_imgs_with_padding")
        self.resize_width, self.resize_height = (resize[0], resize[1]) if resize else (None, None)
        self.tokenizer_max_length = cfg["tokenizer_max_length"]
        self.num_steps = cfg["num_steps"]
        self.num_vlm_layers = cfg["num_vlm_layers"]
        n_expert = cfg.get("num_expert_layers", -1)
        self.num_expert_layers = n_expert if n_expert > 0 else self.num_vlm_layers
        if self.num_expert_layers != self.num_vlm_layers:
            raise SystemExit("config.json: num_expert_layers != num_vlm_layers is not modelled by this reference")
        self.self_attn_every_n_layers = cfg["self_attn_every_n_layers"]
        self.expert_width = int(self.text.hidden * cfg["expert_width_multiplier"])
        self.expert_intermediate = expert_intermediate_size(self.expert_width)
        self.min_period = cfg["min_period"]
        self.max_period = cfg["max_period"]
        self.prefix_length = cfg.get("prefix_length", -1)
        self.empty_cameras = cfg.get("empty_cameras", 0)
        if self.empty_cameras:
            raise SystemExit("config.json: empty_cameras > 0 is not modelled by this reference")
        feats = cfg["input_features"]
        self.image_keys = [k for k, v in feats.items() if v["type"] == "VISUAL"]
        self.state_dim = feats["observation.state"]["shape"][0]
        self.action_dim = cfg["output_features"]["action"]["shape"][0]
        self.normalization_mapping = cfg["normalization_mapping"]
        self.tokens_per_image = (self.vision.grid // self.scale_factor) ** 2

    def is_self_attn_layer(self, layer: int) -> bool:
        n = self.self_attn_every_n_layers
        return n > 0 and layer % n == 0


def load_settings(directory: str) -> SmolVlaSettings:
    with open(os.path.join(directory, "config.json")) as f:
        cfg = json.load(f)
    vlm_path = os.path.join(directory, "vlm_config.json")
    if os.path.exists(vlm_path):
        with open(vlm_path) as f:
            vlm = json.load(f)
    else:
        vlm = SMOLVLM2_500M
    return SmolVlaSettings(cfg, vlm)

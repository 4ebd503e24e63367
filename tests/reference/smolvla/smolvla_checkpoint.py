"""A SmolVLA checkpoint folder loaded the way LeRobot would, and the full inference pipeline around the model:
normalize state -> pad -> prepare images -> sample actions -> slice -> un-normalize (policies.md 1.3 steps 1-9)."""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # tests/reference: safetensors_io
from safetensors_io import load_file  # noqa: E402

from smolvla_config import load_settings  # noqa: E402
from smolvla_model import SmolVlaPolicy, pad_vector, resize_with_pad  # noqa: E402

TOKENS_KEY = "observation.language.tokens"
MASK_KEY = "observation.language.attention_mask"


def _processor_stats(directory, json_name, registry_name):
    """The stats of the (un)normalizer step named in <json_name>, or None when the file is absent."""
    path = os.path.join(directory, json_name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        steps = json.load(f)["steps"]
    for step in steps:
        if step.get("registry_name") == registry_name and step.get("state_file"):
            return {k: v.float() for k, v in load_file(os.path.join(directory, step["state_file"])).items()}
    return {}


def _old_stats(weights, module):
    """lerobot <= 0.3 kept stats inside model.safetensors as <module>.buffer_<key with . -> _>.<stat>."""
    out = {}
    prefix = module + ".buffer_"
    for key, value in weights.items():
        if key.startswith(prefix):
            feature, stat = key[len(prefix):].rsplit(".", 1)
            feature = feature.replace("observation_state", "observation.state")
            out[f"{feature}.{stat}"] = value.float()
    return out


class LoadedSmolVla:
    def __init__(self, directory):
        self.s = load_settings(directory)
        self.policy = SmolVlaPolicy(self.s).eval()
        weights = load_file(os.path.join(directory, "model.safetensors"))
        model_weights = {k: v.float() for k, v in weights.items() if k.startswith("model.")}
        missing, unexpected = self.policy.load_state_dict(model_weights, strict=False)
        if missing or unexpected:
            raise SystemExit(f"{directory}/model.safetensors: missing {missing[:5]} unexpected {unexpected[:5]}")
        pre = _processor_stats(directory, "policy_preprocessor.json", "normalizer_processor")
        post = _processor_stats(directory, "policy_postprocessor.json", "unnormalizer_processor")
        self.pre_stats = pre if pre is not None else _old_stats(weights, "normalize_inputs")
        self.post_stats = post if post is not None else _old_stats(weights, "unnormalize_outputs")

    def _mode(self, feature_type):
        return self.s.normalization_mapping.get(feature_type, "IDENTITY")

    def normalize_state(self, state):
        mean, std = self.pre_stats.get("observation.state.mean"), self.pre_stats.get("observation.state.std")
        mode = self._mode("STATE")
        if mode == "MEAN_STD" and mean is not None:
            return (state - mean) / (std + 1e-8)
        if mode == "MIN_MAX" and "observation.state.min" in self.pre_stats:
            lo, hi = self.pre_stats["observation.state.min"], self.pre_stats["observation.state.max"]
            d = hi - lo
            d = torch.where(d == 0, torch.full_like(d, 1e-8), d)
            return 2 * (state - lo) / d - 1
        return state  # IDENTITY, or no stats for the key: LeRobot passes the feature through unchanged

    def unnormalize_action(self, action):
        mean, std = self.post_stats.get("action.mean"), self.post_stats.get("action.std")
        mode = self._mode("ACTION")
        if mode == "MEAN_STD" and mean is not None:
            return action * std + mean
        if mode == "MIN_MAX" and "action.min" in self.post_stats:
            lo, hi = self.post_stats["action.min"], self.post_stats["action.max"]
            d = hi - lo
            d = torch.where(d == 0, torch.full_like(d, 1e-8), d)
            return (action + 1) / 2 * d + lo
        return action

    def prepare_images(self, obs):
        """Cameras in config order; a camera absent from obs is dropped (empty_cameras is 0)."""
        names, images, masks = [], [], []
        for key in self.s.image_keys:
            if key not in obs:
                continue
            img = obs[key].float()
            if img.dim() != 4 or img.shape[1] != 3:
                raise SystemExit(f"observation: {key} has shape {list(img.shape)}, expected [B, 3, H, W]")
            if self.s.resize_width is not None:
                img = resize_with_pad(img, self.s.resize_width, self.s.resize_height, pad_value=0.0)
            names.append(key[len("observation.images."):])
            images.append(img * 2.0 - 1.0)
            masks.append(torch.ones(img.shape[0], dtype=torch.bool))
        if not images:
            raise SystemExit(f"observation: none of the cameras {self.s.image_keys} is present")
        return names, images, masks

    def predict(self, obs, noise, dump=None):
        """obs: raw observation dict; noise (B, chunk, max_action_dim) -> actions (B, chunk, action_dim), un-normalized."""
        for key in ("observation.state", TOKENS_KEY, MASK_KEY):
            if key not in obs:
                raise SystemExit(f"observation: {key} is missing")
        state = obs["observation.state"].float()
        batch = state.shape[0]
        if list(noise.shape) != [batch, self.s.chunk_size, self.s.max_action_dim]:
            raise SystemExit(f"noise: shape {list(noise.shape)}, expected {[batch, self.s.chunk_size, self.s.max_action_dim]}")
        names, images, masks = self.prepare_images(obs)
        tokens = obs[TOKENS_KEY].long()
        lang_mask = obs[MASK_KEY].bool()
        state_in = pad_vector(self.normalize_state(state), self.s.max_state_dim)
        if dump is not None:
            for name, img in zip(names, images):
                dump[f"images.{name}"] = img
            dump["state.padded"] = state_in
        with torch.no_grad():
            x = self.policy.model.sample_actions(images, masks, tokens, lang_mask, state_in, noise.float(), dump, names)
        return self.unnormalize_action(x[:, :, :self.s.action_dim])

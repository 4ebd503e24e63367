"""ACT's inference forward pass in PyTorch, written for Fleet as a numerical reference.

The module tree mirrors LeRobot's ACTPolicy (policy.model = ACT, backbone / encoder / decoder / projections with the
same attribute names), so its state_dict keys are LeRobot's checkpoint keys and a real LeRobot ACT checkpoint loads
into it unchanged. Only inference is modelled: no VAE encoder forward, no dropout, latent = zeros.
"""
import math

import torch
import torch.nn.functional as F
import torchvision
from torch import nn
from torchvision.models._utils import IntermediateLayerGetter
from torchvision.ops.misc import FrozenBatchNorm2d


class ActSettings:
    """The config.json fields the forward pass reads."""

    def __init__(self, cfg: dict):
        self.chunk_size = cfg["chunk_size"]
        self.dim_model = cfg["dim_model"]
        self.n_heads = cfg["n_heads"]
        self.dim_feedforward = cfg["dim_feedforward"]
        self.feedforward_activation = cfg["feedforward_activation"]
        self.n_encoder_layers = cfg["n_encoder_layers"]
        self.n_decoder_layers = cfg["n_decoder_layers"]
        self.latent_dim = cfg["latent_dim"]
        self.pre_norm = cfg["pre_norm"]
        self.vision_backbone = cfg["vision_backbone"]
        self.replace_final_stride_with_dilation = cfg["replace_final_stride_with_dilation"]
        self.image_keys = [k for k, v in cfg["input_features"].items() if v["type"] == "VISUAL"]
        state = cfg["input_features"].get("observation.state")
        self.state_dim = state["shape"][0] if state else 0
        self.action_dim = cfg["output_features"]["action"]["shape"][0]


def _activation(name):
    return {"relu": F.relu, "gelu": F.gelu}[name]


class ACTEncoderLayer(nn.Module):
    def __init__(self, s: ActSettings):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(s.dim_model, s.n_heads)
        self.linear1 = nn.Linear(s.dim_model, s.dim_feedforward)
        self.linear2 = nn.Linear(s.dim_feedforward, s.dim_model)
        self.norm1 = nn.LayerNorm(s.dim_model)
        self.norm2 = nn.LayerNorm(s.dim_model)
        self.activation = _activation(s.feedforward_activation)
        self.pre_norm = s.pre_norm

    def forward(self, x, pos):
        skip = x
        if self.pre_norm:
            x = self.norm1(x)
        q = k = x + pos
        x = skip + self.self_attn(q, k, value=x)[0]
        if self.pre_norm:
            skip = x
            x = self.norm2(x)
        else:
            x = self.norm1(x)
            skip = x
        x = skip + self.linear2(self.activation(self.linear1(x)))
        if not self.pre_norm:
            x = self.norm2(x)
        return x


class ACTEncoder(nn.Module):
    def __init__(self, s: ActSettings):
        super().__init__()
        self.layers = nn.ModuleList([ACTEncoderLayer(s) for _ in range(s.n_encoder_layers)])
        self.norm = nn.LayerNorm(s.dim_model) if s.pre_norm else nn.Identity()

    def forward(self, x, pos):
        for layer in self.layers:
            x = layer(x, pos)
        return self.norm(x)


class ACTDecoderLayer(nn.Module):
    def __init__(self, s: ActSettings):
        super().__init__()
        self.self_attn = nn.MultiheadAttention(s.dim_model, s.n_heads)
        self.multihead_attn = nn.MultiheadAttention(s.dim_model, s.n_heads)
        self.linear1 = nn.Linear(s.dim_model, s.dim_feedforward)
        self.linear2 = nn.Linear(s.dim_feedforward, s.dim_model)
        self.norm1 = nn.LayerNorm(s.dim_model)
        self.norm2 = nn.LayerNorm(s.dim_model)
        self.norm3 = nn.LayerNorm(s.dim_model)
        self.activation = _activation(s.feedforward_activation)
        self.pre_norm = s.pre_norm

    def _block(self, x, norm, fn):
        # Post-norm: x = norm(x + fn(x)); pre-norm: x = x + fn(norm(x)).
        if self.pre_norm:
            return x + fn(norm(x))
        return norm(x + fn(x))

    def forward(self, x, memory, memory_pos, query_pos):
        x = self._block(x, self.norm1, lambda h: self.self_attn(h + query_pos, h + query_pos, value=h)[0])
        x = self._block(x, self.norm2, lambda h: self.multihead_attn(h + query_pos, memory + memory_pos, value=memory)[0])
        x = self._block(x, self.norm3, lambda h: self.linear2(self.activation(self.linear1(h))))
        return x


class ACTDecoder(nn.Module):
    def __init__(self, s: ActSettings):
        super().__init__()
        self.layers = nn.ModuleList([ACTDecoderLayer(s) for _ in range(s.n_decoder_layers)])
        self.norm = nn.LayerNorm(s.dim_model)

    def forward(self, x, memory, memory_pos, query_pos):
        for layer in self.layers:
            x = layer(x, memory, memory_pos, query_pos)
        return self.norm(x)


def sine_position_embedding_2d(h: int, w: int, dim: int) -> torch.Tensor:
    """(dim, h, w): rows use the first dim/2 channels, columns the rest; positions 1..n scaled to (0, 2*pi]."""
    half = dim // 2
    y = torch.arange(1, h + 1, dtype=torch.float32) / (h + 1e-6) * 2 * math.pi
    x = torch.arange(1, w + 1, dtype=torch.float32) / (w + 1e-6) * 2 * math.pi
    freq = 10000 ** (2 * (torch.arange(half) // 2) / half)
    def encode(pos):
        angles = pos[:, None] / freq[None, :]
        out = torch.empty_like(angles)
        out[:, 0::2] = angles[:, 0::2].sin()
        out[:, 1::2] = angles[:, 1::2].cos()
        return out  # (n, half)
    ey, ex = encode(y), encode(x)
    return torch.cat([ey[:, None, :].expand(h, w, half), ex[None, :, :].expand(h, w, half)], dim=2).permute(2, 0, 1)


class ACT(nn.Module):
    def __init__(self, s: ActSettings):
        super().__init__()
        self.s = s
        resnet = getattr(torchvision.models, s.vision_backbone)(
            replace_stride_with_dilation=[False, False, s.replace_final_stride_with_dilation],
            weights=None, norm_layer=FrozenBatchNorm2d)
        self.backbone = IntermediateLayerGetter(resnet, return_layers={"layer4": "feature_map"})
        self.encoder = ACTEncoder(s)
        self.decoder = ACTDecoder(s)
        if s.state_dim:
            self.encoder_robot_state_input_proj = nn.Linear(s.state_dim, s.dim_model)
        self.encoder_latent_input_proj = nn.Linear(s.latent_dim, s.dim_model)
        self.encoder_img_feat_input_proj = nn.Conv2d(resnet.fc.in_features, s.dim_model, kernel_size=1)
        self.encoder_1d_feature_pos_embed = nn.Embedding(1 + (1 if s.state_dim else 0), s.dim_model)
        self.decoder_pos_embed = nn.Embedding(s.chunk_size, s.dim_model)
        self.action_head = nn.Linear(s.dim_model, s.action_dim)

    def forward(self, state, images):
        """state (B, S) normalized or None; images list of (B, 3, H, W) normalized -> (B, chunk, action_dim)."""
        s = self.s
        batch = images[0].shape[0]
        latent = torch.zeros(batch, s.latent_dim)
        tokens = [self.encoder_latent_input_proj(latent)]
        pos = list(self.encoder_1d_feature_pos_embed.weight.unsqueeze(1))
        if s.state_dim:
            tokens.append(self.encoder_robot_state_input_proj(state))
        for img in images:
            fmap = self.backbone(img)["feature_map"]
            cam_pos = sine_position_embedding_2d(fmap.shape[2], fmap.shape[3], s.dim_model)
            feats = self.encoder_img_feat_input_proj(fmap)
            tokens.extend(feats.flatten(2).permute(2, 0, 1))           # (h*w) x (B, D)
            pos.extend(cam_pos.flatten(1).permute(1, 0).unsqueeze(1))  # (h*w) x (1, D)
        tokens = torch.stack(tokens, dim=0)
        pos = torch.stack(pos, dim=0)
        memory = self.encoder(tokens, pos)
        query = torch.zeros(s.chunk_size, batch, s.dim_model)
        out = self.decoder(query, memory, pos, self.decoder_pos_embed.weight.unsqueeze(1))
        return self.action_head(out.transpose(0, 1))


class ACTPolicy(nn.Module):
    """policy.model is the ACT module, as in LeRobot (state_dict keys start with 'model.')."""

    def __init__(self, s: ActSettings):
        super().__init__()
        self.model = ACT(s)

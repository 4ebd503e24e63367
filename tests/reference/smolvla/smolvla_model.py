"""SmolVLA's inference forward pass in PyTorch, written for Fleet as a numerical reference.

The module tree follows LeRobot's SmolVLAPolicy: policy.model = VLAFlowMatching, whose vlm_with_expert holds the
SmolVLM backbone (`vlm`) and the action expert (`lm_expert`), plus state_proj, action_in_proj, action_out_proj and
the time MLP. Its state_dict keys are therefore LeRobot's checkpoint keys (policies.md 1.5). Only inference with
the prefix KV cache is modelled (use_cache=True, attention_mode cross_attn). Everything runs in fp32.

Each function's docstring states the rule from policies.md 1.3 it implements.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from smolvla_config import SmolVlaSettings
from smolvlm import ExpertModel, SmolVlmForConditionalGeneration


# ---------------------------------------------------------------------------------------------------------------
# Free functions (each is unit-checked against hand-computed values in test_smolvla_units.py)

def resize_with_pad(img, width: int, height: int, pad_value: float = 0.0):
    """(B,3,H,W) -> (B,3,height,width): keep the aspect ratio (int() truncation of H/ratio, W/ratio), bilinear with
    half-pixel centres and no antialiasing, then pad on the LEFT and TOP only."""
    cur_h, cur_w = img.shape[2:]
    ratio = max(cur_w / width, cur_h / height)
    new_h, new_w = int(cur_h / ratio), int(cur_w / ratio)
    resized = F.interpolate(img, size=(new_h, new_w), mode="bilinear", align_corners=False)
    pad_h, pad_w = max(0, height - new_h), max(0, width - new_w)
    return F.pad(resized, (pad_w, 0, pad_h, 0), value=pad_value)


def sinusoidal_time_embedding(time, dimension: int, min_period: float, max_period: float):
    """time (B,) fp32 -> (B, dimension) fp32: dimension/2 sines then dimension/2 cosines of t*2*pi/period_j with
    period_j = min * (max/min)^(j/(dimension/2 - 1)); the phases are computed in float64."""
    fraction = torch.linspace(0.0, 1.0, dimension // 2, dtype=torch.float64)
    period = min_period * (max_period / min_period) ** fraction
    phase = (1.0 / period * 2 * math.pi)[None, :] * time[:, None].double()
    return torch.cat([torch.sin(phase), torch.cos(phase)], dim=1).float()


def apply_rope(x, positions, base: float = 10000.0):
    """x (B,L,heads,D), positions (B,L) -> rotate-half RoPE in fp32: angle_i = pos / base^(2i/D), i < D/2;
    out[:D/2] = a*cos - b*sin, out[D/2:] = b*cos + a*sin with a = x[:D/2], b = x[D/2:]."""
    half = x.shape[-1] // 2
    exponents = (2.0 / x.shape[-1]) * torch.arange(half, dtype=torch.float32)
    timescale = base ** exponents
    radians = positions[..., None].float() / timescale[None, None, :]
    radians = radians[..., None, :]  # broadcast over heads
    sin, cos = torch.sin(radians), torch.cos(radians)
    a, b = x.float().split(half, dim=-1)
    return torch.cat([a * cos - b * sin, b * cos + a * sin], dim=-1)


def make_att_2d_masks(pad_masks, ar_flags):
    """pad (B,N) bool, flags (B,N) int -> (B,N,N) bool: query q sees key k iff cumsum[k] <= cumsum[q] and both valid."""
    cumsum = torch.cumsum(ar_flags, dim=1)
    allowed = cumsum[:, None, :] <= cumsum[:, :, None]
    both_valid = pad_masks[:, None, :] & pad_masks[:, :, None]
    return allowed & both_valid


def pad_vector(x, width: int):
    """Zero-pad the last dimension to width."""
    if x.shape[-1] >= width:
        return x
    return F.pad(x, (0, width - x.shape[-1]))


def eager_attention(mask, q, k, v, heads: int, kv_heads: int):
    """q (B,Lq,heads,D), k/v (B,Lk,kv_heads,D), mask (B,Lq,Lk) -> (B,Lq,heads*D).
    GQA: query head h uses KV head h // (heads/kv_heads). Scores scaled by D^-0.5 in fp32; masked entries are set
    to the fp32 minimum (not -inf), so a fully masked row becomes uniform instead of NaN."""
    b, lk, _, d = k.shape
    groups = heads // kv_heads
    k = k[:, :, :, None, :].expand(b, lk, kv_heads, groups, d).reshape(b, lk, heads, d)
    v = v[:, :, :, None, :].expand(b, lk, kv_heads, groups, d).reshape(b, lk, heads, d)
    scores = torch.matmul(q.float().transpose(1, 2), k.float().permute(0, 2, 3, 1)) * d ** -0.5
    scores = torch.where(mask[:, None, :, :], scores, torch.tensor(torch.finfo(torch.float32).min))
    probs = torch.softmax(scores, dim=-1)
    out = torch.matmul(probs, v.permute(0, 2, 1, 3)).permute(0, 2, 1, 3)
    return out.reshape(b, out.shape[1], heads * d)


# ---------------------------------------------------------------------------------------------------------------

class SmolVlmWithExpertModel(nn.Module):
    """The backbone (`vlm`) and the action expert (`lm_expert`), run layer by layer together."""

    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        self.s = s
        self.vlm = SmolVlmForConditionalGeneration(s)
        self.lm_expert = ExpertModel(s)

    def embed_image(self, images):
        """(B,3,S,S) in [-1,1] -> connector output (B, tokens, text hidden), before the sqrt(hidden) scale."""
        m = self.vlm.model
        return m.connector(m.vision_model(images))

    def embed_language_tokens(self, tokens):
        return self.vlm.model.text_model.embed_tokens(tokens)

    def _attention(self, mask, q, k, v):
        return eager_attention(mask, q, k, v, self.s.text.heads, self.s.text.kv_heads)

    @staticmethod
    def _qkv(layer, x):
        h = layer.input_layernorm(x)
        shape = (*h.shape[:-1], -1, layer.self_attn.head_dim)
        a = layer.self_attn
        return a.q_proj(h).view(shape), a.k_proj(h).view(shape), a.v_proj(h).view(shape)

    @staticmethod
    def _finish_layer(layer, x, att):
        h = x + layer.self_attn.o_proj(att)
        return h + layer.mlp(layer.post_attention_layernorm(h))

    def prefill(self, embs, att_2d, positions):
        """Runs the prefix through the kept text layers; returns [(K post-RoPE, V)] per layer, each (B,P,kv_heads,D).
        (The VLM's final norm is never used by SmolVLA, so it is not applied.)"""
        cache = []
        x = embs
        for layer in self.vlm.model.text_model.layers:
            q, k, v = self._qkv(layer, x)
            q, k = apply_rope(q, positions), apply_rope(k, positions)
            cache.append((k, v))
            x = self._finish_layer(layer, x, self._attention(att_2d, q, k, v))
        return cache

    def denoise(self, suffix, cache, positions, sa_mask):
        """suffix (B,S,expert width) through the expert; returns the expert's final-normed output (B,S,width).
        Self-attention layers: keys = [cached prefix K | suffix K], positions n_valid + j, mask [prefix pad | causal].
        Cross-attention layers: keys/values = expert k/v_proj of the cached prefix K/V (no RoPE on them), query
        positions shifted to start at 0, mask = prefix pad only."""
        b, n = suffix.shape[:2]
        prefix_mask = sa_mask[:, :, :cache[0][0].shape[1]]
        ca_positions = positions - positions.min(dim=1, keepdim=True).values
        x = suffix
        for i, layer in enumerate(self.lm_expert.layers):
            cache_k, cache_v = cache[i]
            if self.s.is_self_attn_layer(i):
                q, k, v = self._qkv(layer, x)
                q, k = apply_rope(q, positions), apply_rope(k, positions)
                att = self._attention(sa_mask, q, torch.cat([cache_k, k], 1), torch.cat([cache_v, v], 1))
            else:
                a = layer.self_attn
                h = layer.input_layernorm(x)
                q = apply_rope(a.q_proj(h).view(b, n, -1, a.head_dim), ca_positions)
                p = cache_k.shape[1]
                k = a.k_proj(cache_k.reshape(b, p, -1)).view(b, p, -1, a.head_dim)
                v = a.v_proj(cache_v.reshape(b, p, -1)).view(b, p, -1, a.head_dim)
                att = self._attention(prefix_mask, q, k, v)
            x = self._finish_layer(layer, x, att)
        return self.lm_expert.norm(x)


class VlaFlowMatching(nn.Module):
    """LeRobot's VLAFlowMatching: prefix embedding, KV-cached prefill, Euler flow matching over the action expert."""

    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        self.s = s
        self.vlm_with_expert = SmolVlmWithExpertModel(s)
        self.state_proj = nn.Linear(s.max_state_dim, s.text.hidden)
        self.action_in_proj = nn.Linear(s.max_action_dim, s.expert_width)
        self.action_out_proj = nn.Linear(s.expert_width, s.max_action_dim)
        self.action_time_mlp_in = nn.Linear(s.expert_width * 2, s.expert_width)
        self.action_time_mlp_out = nn.Linear(s.expert_width, s.expert_width)

    def embed_prefix(self, images, img_masks, lang_tokens, lang_masks, state, dump=None, names=None):
        """[image tokens per camera | language tokens | state token]; image and language embeddings are scaled by
        sqrt(text hidden), the state token is not. Flags: 0 for image/language, 1 for the state token."""
        embs, pads, flags = [], [], []
        scale = math.sqrt(self.s.text.hidden)
        for i, (img, mask) in enumerate(zip(images, img_masks)):
            vision = self.vlm_with_expert.embed_image(img)
            if dump is not None:
                dump[f"vision.{names[i]}"] = vision
            embs.append(vision * scale)
            pads.append(mask[:, None].expand(vision.shape[0], vision.shape[1]))
            flags += [0] * vision.shape[1]
        lang = self.vlm_with_expert.embed_language_tokens(lang_tokens)
        embs.append(lang * scale)
        pads.append(lang_masks)
        flags += [0] * lang.shape[1]
        embs.append(self.state_proj(state)[:, None, :])
        pads.append(torch.ones(state.shape[0], 1, dtype=torch.bool))
        flags += [1]
        embs, pads = torch.cat(embs, 1), torch.cat(pads, 1)
        flags = torch.tensor(flags, dtype=torch.int64)[None].expand(pads.shape[0], -1)
        if self.s.prefix_length > embs.shape[1]:
            extra = self.s.prefix_length - embs.shape[1]
            embs = F.pad(embs, (0, 0, 0, extra))
            pads = F.pad(pads, (0, extra), value=False)
            flags = F.pad(flags, (0, extra), value=0)
        return embs, pads, flags

    def embed_suffix(self, x_t, time):
        """u = mlp_out(silu(mlp_in([action_in_proj(x_t) | time embedding]))); all suffix flags are 1 (causal)."""
        a = self.action_in_proj(x_t)
        emb = sinusoidal_time_embedding(time, self.s.expert_width, self.s.min_period, self.s.max_period)
        emb = emb[:, None, :].expand_as(a)
        u = self.action_time_mlp_out(F.silu(self.action_time_mlp_in(torch.cat([a, emb], dim=2))))
        b, n = u.shape[:2]
        return u, torch.ones(b, n, dtype=torch.bool), torch.ones(b, n, dtype=torch.int64)

    def denoise_step(self, prefix_pad, cache, x_t, time, dump=None, step=0):
        """One velocity evaluation. Self-attention mask (B,S,P+S) = [prefix pad mask | causal over the suffix];
        suffix positions = n_valid + 0..S-1."""
        suffix, pads, flags = self.embed_suffix(x_t, time)
        b, n = pads.shape
        positions = prefix_pad.long().sum(dim=-1)[:, None] + torch.cumsum(pads.long(), dim=1) - 1
        sa_mask = torch.cat([prefix_pad[:, None, :].expand(b, n, prefix_pad.shape[1]), make_att_2d_masks(pads, flags)], 2)
        if dump is not None and "suffix.position_ids" not in dump:
            dump["suffix.position_ids"], dump["suffix.att_2d_mask"] = positions, sa_mask
        if dump is not None:
            dump[f"suffix.embeddings.{step}"] = suffix
        out = self.vlm_with_expert.denoise(suffix, cache, positions, sa_mask)
        return self.action_out_proj(out[:, -self.s.chunk_size:].float())

    def sample_actions(self, images, img_masks, lang_tokens, lang_masks, state, noise, dump=None, names=None):
        """Euler from t=1 to t=0: t_k = 1 + k*dt (double, then fp32), x <- x + dt*v with dt = -1/num_steps."""
        embs, pads, flags = self.embed_prefix(images, img_masks, lang_tokens, lang_masks, state, dump, names)
        att_2d = make_att_2d_masks(pads, flags)
        positions = torch.cumsum(pads.long(), dim=1) - 1
        cache = self.vlm_with_expert.prefill(embs, att_2d, positions)
        if dump is not None:
            dump["prefix.embeddings"] = embs
            dump["prefix.pad_mask"] = pads
            dump["prefix.position_ids"] = positions
            dump["prefix.att_2d_mask"] = att_2d
            for i, (k, v) in enumerate(cache):
                dump[f"prefix.k.{i}"], dump[f"prefix.v.{i}"] = k, v
        dt = -1.0 / self.s.num_steps
        dt32 = torch.tensor(dt, dtype=torch.float32)
        x = noise
        for step in range(self.s.num_steps):
            time = torch.tensor(1.0 + step * dt, dtype=torch.float32).expand(x.shape[0])
            v = self.denoise_step(pads, cache, x, time, dump, step)
            x = x + dt32 * v
            if dump is not None:
                dump[f"velocity.{step}"], dump[f"x.{step}"] = v, x
        return x


class SmolVlaPolicy(nn.Module):
    """policy.model is VLAFlowMatching, as in LeRobot (state_dict keys start with 'model.')."""

    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        self.model = VlaFlowMatching(s)

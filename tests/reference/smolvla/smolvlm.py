"""The parts of SmolVLM that SmolVLA uses, in PyTorch, with the Hugging Face attribute names.

SmolVLMForConditionalGeneration -> .model (vision_model, connector, text_model) + .lm_head. The attribute names
are the checkpoint's key segments, so `vlm.state_dict()` has exactly the `...vlm.*` keys of a LeRobot SmolVLA
file. Everything computes in fp32 (bf16 weights are widened on load): that is the target the C# engine matches.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from smolvla_config import SmolVlaSettings, TextSizes, VisionSizes


# ---------------------------------------------------------------------------------------------------------------
# Vision tower (SigLIP-style, pre-LN)

class VisionEmbeddings(nn.Module):
    def __init__(self, v: VisionSizes):
        super().__init__()
        self.patch_embedding = nn.Conv2d(3, v.hidden, kernel_size=v.patch, stride=v.patch)
        self.position_embedding = nn.Embedding(v.grid * v.grid, v.hidden)

    def forward(self, images):
        """images (B,3,S,S) in [-1,1] -> (B, grid*grid, hidden); patches row-major, position id = patch index."""
        patches = self.patch_embedding(images).flatten(2).transpose(1, 2)
        # A full image (no patch mask) gets position ids 0..N-1, which is what the bucketized ids reduce to.
        ids = torch.arange(patches.shape[1])
        return patches + self.position_embedding(ids)[None]


class VisionAttention(nn.Module):
    def __init__(self, v: VisionSizes):
        super().__init__()
        self.heads = v.heads
        self.head_dim = v.hidden // v.heads
        self.q_proj = nn.Linear(v.hidden, v.hidden)
        self.k_proj = nn.Linear(v.hidden, v.hidden)
        self.v_proj = nn.Linear(v.hidden, v.hidden)
        self.out_proj = nn.Linear(v.hidden, v.hidden)

    def forward(self, x):
        b, n, _ = x.shape
        split = lambda t: t.view(b, n, self.heads, self.head_dim).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.q_proj(x)), split(self.k_proj(x)), split(self.v_proj(x))
        scores = torch.matmul(q, k.transpose(2, 3)) * self.head_dim ** -0.5
        probs = torch.softmax(scores.float(), dim=-1)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(b, n, -1)
        return self.out_proj(out)


class VisionMlp(nn.Module):
    def __init__(self, v: VisionSizes):
        super().__init__()
        self.fc1 = nn.Linear(v.hidden, v.intermediate)
        self.fc2 = nn.Linear(v.intermediate, v.hidden)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class VisionEncoderLayer(nn.Module):
    def __init__(self, v: VisionSizes):
        super().__init__()
        self.self_attn = VisionAttention(v)
        self.layer_norm1 = nn.LayerNorm(v.hidden, eps=v.eps)
        self.mlp = VisionMlp(v)
        self.layer_norm2 = nn.LayerNorm(v.hidden, eps=v.eps)

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        return x + self.mlp(self.layer_norm2(x))


class VisionEncoder(nn.Module):
    def __init__(self, v: VisionSizes):
        super().__init__()
        self.layers = nn.ModuleList([VisionEncoderLayer(v) for _ in range(v.layers)])

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class VisionTransformer(nn.Module):
    def __init__(self, v: VisionSizes):
        super().__init__()
        self.embeddings = VisionEmbeddings(v)
        self.encoder = VisionEncoder(v)
        self.post_layernorm = nn.LayerNorm(v.hidden, eps=v.eps)

    def forward(self, images):
        return self.post_layernorm(self.encoder(self.embeddings(images)))


# ---------------------------------------------------------------------------------------------------------------
# Connector: pixel shuffle + bias-free projection

def pixel_shuffle(x, scale: int):
    """(B, G*G, D) -> (B, (G/s)^2, D*s*s): patch (r,c) -> token (r//s)*(G/s) + c//s at offset ((r%s)*s + c%s)*D."""
    b, n, d = x.shape
    g = math.isqrt(int(n))
    x = x.reshape(b, g, g // scale, d * scale)          # merge s neighbouring columns
    x = x.permute(0, 2, 1, 3)                           # (B, G/s, G, D*s)
    x = x.reshape(b, g // scale, g // scale, d * scale * scale)  # merge s neighbouring rows
    x = x.permute(0, 2, 1, 3)                           # back to (row block, column block)
    return x.reshape(b, n // (scale * scale), d * scale * scale)


class ModalityProjection(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.proj = nn.Linear(in_features, out_features, bias=False)

    def forward(self, x):
        return self.proj(x)


class Connector(nn.Module):
    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        self.scale_factor = s.scale_factor
        self.modality_projection = ModalityProjection(s.vision.hidden * s.scale_factor ** 2, s.text.hidden)

    def forward(self, x):
        return self.modality_projection(pixel_shuffle(x, self.scale_factor))


# ---------------------------------------------------------------------------------------------------------------
# Llama blocks (the VLM text layers and the action expert share this shape)

class RmsNorm(nn.Module):
    def __init__(self, width: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.eps = eps

    def forward(self, x):
        x32 = x.float()
        return self.weight * (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + self.eps))


class LlamaAttentionWeights(nn.Module):
    """Only the projections: SmolVLA's own forward (smolvla_model.py) does the attention itself."""

    def __init__(self, hidden: int, t: TextSizes, kv_in: int = None):
        super().__init__()
        self.head_dim = t.head_dim
        self.q_proj = nn.Linear(hidden, t.heads * t.head_dim, bias=False)
        self.k_proj = nn.Linear(kv_in or hidden, t.kv_heads * t.head_dim, bias=False)
        self.v_proj = nn.Linear(kv_in or hidden, t.kv_heads * t.head_dim, bias=False)
        self.o_proj = nn.Linear(t.heads * t.head_dim, hidden, bias=False)


class LlamaMlp(nn.Module):
    def __init__(self, hidden: int, intermediate: int):
        super().__init__()
        self.gate_proj = nn.Linear(hidden, intermediate, bias=False)
        self.up_proj = nn.Linear(hidden, intermediate, bias=False)
        self.down_proj = nn.Linear(intermediate, hidden, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaLayer(nn.Module):
    def __init__(self, hidden: int, intermediate: int, t: TextSizes, kv_in: int = None):
        super().__init__()
        self.self_attn = LlamaAttentionWeights(hidden, t, kv_in)
        self.mlp = LlamaMlp(hidden, intermediate)
        self.input_layernorm = RmsNorm(hidden, t.eps)
        self.post_attention_layernorm = RmsNorm(hidden, t.eps)


class TextModel(nn.Module):
    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        t = s.text
        self.embed_tokens = nn.Embedding(t.vocab, t.hidden)
        # LeRobot keeps only the first num_vlm_layers layers of the text model.
        self.layers = nn.ModuleList([LlamaLayer(t.hidden, t.intermediate, t) for _ in range(s.num_vlm_layers)])
        self.norm = RmsNorm(t.hidden, t.eps)


class ExpertModel(nn.Module):
    """The action expert: a narrower Llama (width expert_width, same heads), no token embeddings.

    Cross-attention layers (odd layers with self_attn_every_n_layers 2) read the VLM's cached K/V, so their k/v_proj
    map kv_heads*head_dim -> kv_heads*head_dim instead of width -> kv_heads*head_dim.
    """

    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        t = s.text
        kv_width = t.kv_heads * t.head_dim
        self.layers = nn.ModuleList([
            LlamaLayer(s.expert_width, s.expert_intermediate, t, None if s.is_self_attn_layer(i) else kv_width)
            for i in range(s.num_expert_layers)])
        self.norm = RmsNorm(s.expert_width, t.eps)


class SmolVlmModel(nn.Module):
    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        self.vision_model = VisionTransformer(s.vision)
        self.connector = Connector(s)
        self.text_model = TextModel(s)


class SmolVlmForConditionalGeneration(nn.Module):
    def __init__(self, s: SmolVlaSettings):
        super().__init__()
        self.model = SmolVlmModel(s)
        self.lm_head = nn.Linear(s.text.hidden, s.text.vocab, bias=False)  # stored in the checkpoint, never used

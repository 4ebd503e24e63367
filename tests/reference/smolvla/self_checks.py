"""Invariants the reference checks on every run (policies.md 1.3 step 6 and 1.4), written independently of the
cumsum formulation the model uses: explicit per-token rules, so a slip in either shows up as a failure."""
import torch

from smolvla_config import SmolVlaSettings


def _fail(what):
    raise SystemExit(f"smolvla reference self-check failed: {what}")


def _expect_shape(name, t, shape):
    if list(t.shape) != list(shape):
        _fail(f"{name} has shape {list(t.shape)}, expected {list(shape)}")


def _check_prefix_masks(pad, att, positions, n_image_tokens, lang_len):
    """Prefill: image/language tokens see every valid image/language token but not the state token; the state
    token (last) sees every valid token; pad tokens see nothing. Positions: running count of valid tokens - 1."""
    b, p = pad.shape
    state = n_image_tokens + lang_len
    if state != p - 1:
        _fail(f"prefix length {p} != image tokens {n_image_tokens} + language {lang_len} + 1 state token")
    for i in range(b):
        valid = pad[i].tolist()
        if not all(valid[:n_image_tokens]) or not valid[state]:
            _fail(f"batch {i}: image or state tokens are marked as padding")
        for q in range(p):
            for k in range(p):
                expected = valid[q] and valid[k] and (k != state or q == state)
                if bool(att[i, q, k]) != expected:
                    _fail(f"batch {i}: prefix mask[{q},{k}] = {bool(att[i, q, k])}, expected {expected}")
        count = 0
        for t in range(p):
            count += 1 if valid[t] else 0
            expected = max(count - 1, 0) if valid[t] or count else -1
            if int(positions[i, t]) != expected:
                _fail(f"batch {i}: prefix position[{t}] = {int(positions[i, t])}, expected {expected}")
        if int(positions[i, state]) != sum(valid) - 1:
            _fail(f"batch {i}: state position {int(positions[i, state])} != valid prefix tokens - 1 = {sum(valid) - 1}")


def _check_suffix_masks(pad, sa_mask, positions, chunk):
    """Denoise self-attention layers: action token j sees every valid prefix token and action tokens 0..j;
    positions n_valid + j."""
    b, p = pad.shape
    _expect_shape("suffix.att_2d_mask", sa_mask, [b, chunk, p + chunk])
    for i in range(b):
        n_valid = int(pad[i].sum())
        expected = torch.zeros(chunk, p + chunk, dtype=torch.bool)
        expected[:, :p] = pad[i][None, :]
        for j in range(chunk):
            expected[j, p:p + j + 1] = True
        if not torch.equal(sa_mask[i], expected):
            _fail(f"batch {i}: suffix self-attention mask differs from [prefix pad | causal]")
        if positions[i].tolist() != [n_valid + j for j in range(chunk)]:
            _fail(f"batch {i}: suffix positions {positions[i].tolist()[:3]}..., expected {n_valid}, {n_valid + 1}, ...")


def check_dump(s: SmolVlaSettings, obs: dict, dump: dict, action):
    names = [k[len("images."):] for k in dump if k.startswith("images.")]
    b = obs["observation.state"].shape[0]
    lang_len = obs["observation.language.tokens"].shape[1]
    _expect_shape("observation.language.attention_mask", obs["observation.language.attention_mask"], [b, lang_len])
    side = s.resize_height or s.vision.image_size
    for name in names:
        img = dump[f"images.{name}"]
        _expect_shape(f"images.{name}", img, [b, 3, side, side])
        if img.min() < -1 - 1e-6 or img.max() > 1 + 1e-6:
            _fail(f"images.{name} leaves [-1, 1]")
        raw_h, raw_w = obs[f"observation.images.{name}"].shape[2:]
        ratio = max(raw_w / side, raw_h / side)
        pad_h, pad_w = side - int(raw_h / ratio), side - int(raw_w / ratio)
        if pad_h and not torch.all(img[:, :, :pad_h, :] == -1):
            _fail(f"images.{name}: the {pad_h} top padding rows are not -1")
        if pad_w and not torch.all(img[:, :, :, :pad_w] == -1):
            _fail(f"images.{name}: the {pad_w} left padding columns are not -1")
        _expect_shape(f"vision.{name}", dump[f"vision.{name}"], [b, s.tokens_per_image, s.text.hidden])
    p = len(names) * s.tokens_per_image + lang_len + 1
    _expect_shape("prefix.embeddings", dump["prefix.embeddings"], [b, p, s.text.hidden])
    for layer in range(s.num_vlm_layers):
        for kv in "kv":
            _expect_shape(f"prefix.{kv}.{layer}", dump[f"prefix.{kv}.{layer}"], [b, p, s.text.kv_heads, s.text.head_dim])
    _check_prefix_masks(dump["prefix.pad_mask"], dump["prefix.att_2d_mask"], dump["prefix.position_ids"],
                        len(names) * s.tokens_per_image, lang_len)
    _check_suffix_masks(dump["prefix.pad_mask"], dump["suffix.att_2d_mask"], dump["suffix.position_ids"], s.chunk_size)
    for step in range(s.num_steps):
        for key in (f"velocity.{step}", f"x.{step}"):
            _expect_shape(key, dump[key], [b, s.chunk_size, s.max_action_dim])
    _expect_shape("action", action, [b, s.chunk_size, s.action_dim])
    for key, t in list(dump.items()) + [("action", action)]:
        if t.is_floating_point() and not torch.isfinite(t).all():
            _fail(f"{key} holds NaN or infinity")

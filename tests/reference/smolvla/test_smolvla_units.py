#!/usr/bin/python3
"""Unit-level sanity of the SmolVLA reference against values worked out by hand from policies.md.

  /usr/bin/python3 tests/reference/smolvla/test_smolvla_units.py      (prints one line per check; exit 1 on failure)

The expected numbers below come from the formulas in policies.md 1.3 evaluated with Python's math module (or
exactly, where the angles are multiples of pi), not from the functions under test.
"""
import math
import os
import struct
import subprocess
import sys
import tempfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from safetensors_io import load_file, save_file  # noqa: E402

from inventory import check as check_inventory  # noqa: E402
from smolvla_config import expert_intermediate_size  # noqa: E402
from smolvla_model import apply_rope, make_att_2d_masks, resize_with_pad, sinusoidal_time_embedding  # noqa: E402
from smolvlm import pixel_shuffle  # noqa: E402

PY = sys.executable
CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def close(actual, expected, tol, what):
    actual = torch.as_tensor(actual, dtype=torch.float64)
    expected = torch.as_tensor(expected, dtype=torch.float64)
    diff = (actual - expected).abs().max().item()
    assert diff <= tol, f"{what}: max |diff| {diff:.3g} > {tol:.1g}\nactual   {actual}\nexpected {expected}"


@check
def time_embedding_periods_are_geometric_from_min_to_max():
    # dimension 8 -> 4 periods 0.004 * 1000^(j/3) = 0.004, 0.04, 0.4, 4.0. At t = 0.5 the phases are
    # pi/period = 250pi, 25pi, 2.5pi, pi/4: sines 0, 0, 1, sqrt(1/2); cosines 1, -1, 0, sqrt(1/2).
    emb = sinusoidal_time_embedding(torch.tensor([0.5]), 8, 0.004, 4.0)[0]
    r = math.sqrt(0.5)
    close(emb, [0, 0, 1, r, 1, -1, 0, r], 2e-6, "time embedding t=0.5, dim 8")
    # t = 0: all sines 0, all cosines 1.
    close(sinusoidal_time_embedding(torch.tensor([0.0]), 8, 0.004, 4.0)[0], [0] * 4 + [1] * 4, 0, "t=0")


@check
def time_embedding_720_wide_ends_at_the_documented_periods():
    # 360 sines then 360 cosines; period_0 = 0.004 (phase 2pi*t/0.004), period_359 = 4.0 (phase 2pi*t/4).
    t = 0.9
    emb = sinusoidal_time_embedding(torch.tensor([t], dtype=torch.float32), 720, 0.004, 4.0)[0]
    t32 = float(torch.tensor(t, dtype=torch.float32))  # the loop passes t in fp32; the phase is then float64
    for j, period in ((0, 0.004), (359, 4.0)):
        phase = 2 * math.pi * t32 / period
        close(emb[j], math.sin(phase), 1e-6, f"sin j={j}")
        close(emb[360 + j], math.cos(phase), 1e-6, f"cos j={j}")
    fraction = 100 / 359
    phase = 2 * math.pi * t32 / (0.004 * 1000 ** fraction)
    close(emb[100], math.sin(phase), 1e-6, "sin j=100")


@check
def rope_rotates_halves_with_base_10000():
    # D = 4: frequencies 10000^(-0/4) = 1 and 10000^(-2/4) = 0.01. x = [1,2,3,4]: a = [1,2], b = [3,4].
    x = torch.tensor([1.0, 2.0, 3.0, 4.0]).view(1, 1, 1, 4)
    for pos in (0, 1, 7):
        out = apply_rope(x, torch.tensor([[pos]]))[0, 0, 0]
        c0, s0, c1, s1 = math.cos(pos), math.sin(pos), math.cos(pos * 0.01), math.sin(pos * 0.01)
        close(out, [1 * c0 - 3 * s0, 2 * c1 - 4 * s1, 3 * c0 + 1 * s0, 4 * c1 + 2 * s1], 2e-6, f"rope pos {pos}")
    # D = 64 (smolvla_base head dim), position 240, pair i = 5: angle = 240 / 10000^(10/64).
    y = torch.zeros(1, 1, 1, 64)
    y[..., 5] = 1.0
    out = apply_rope(y, torch.tensor([[240]]))[0, 0, 0]
    angle = 240 / 10000 ** (10 / 64)
    close([out[5], out[37]], [math.cos(angle), math.sin(angle)], 1e-5, "rope d=64 pos 240")


@check
def resize_with_pad_pads_top_and_left_only():
    # 2x4 into 4x4: ratio 1, no resampling, two zero rows on top.
    img = torch.arange(8, dtype=torch.float32).view(1, 1, 2, 4)
    out = resize_with_pad(img, 4, 4)[0, 0]
    close(out, [[0] * 4, [0] * 4, [0, 1, 2, 3], [4, 5, 6, 7]], 0, "2x4 -> 4x4")
    # 4x2 into 4x4: two zero columns on the left.
    out = resize_with_pad(img.view(1, 1, 4, 2), 4, 4)[0, 0]
    close(out, [[0, 0, 0, 1], [0, 0, 2, 3], [0, 0, 4, 5], [0, 0, 6, 7]], 0, "4x2 -> 4x4")


@check
def resize_downsamples_by_half_pixel_bilinear_without_antialias():
    # 4x8 into 4x4: ratio 2 -> 2x4. Output (i,j) samples source (2i+0.5, 2j+0.5): the mean of a 2x2 block.
    img = torch.arange(32, dtype=torch.float32).view(1, 1, 4, 8)
    out = resize_with_pad(img, 4, 4)[0, 0]
    block = lambda r, c: (img[0, 0, r, c] + img[0, 0, r, c + 1] + img[0, 0, r + 1, c] + img[0, 0, r + 1, c + 1]) / 4  # noqa: E731
    expected = [[0] * 4, [0] * 4, [block(0, 2 * j) for j in range(4)], [block(2, 2 * j) for j in range(4)]]
    close(out, expected, 1e-6, "4x8 -> 2x4 + pad")
    # A 3x downsample samples one source pixel per output pixel (no antialiasing filter).
    img6 = torch.arange(36, dtype=torch.float32).view(1, 1, 6, 6)
    out = resize_with_pad(img6, 2, 2)
    # 6x6 -> 2x2: ratio 3, output (i,j) samples source (3i+1, 3j+1) exactly: pixels (1,1),(1,4),(4,1),(4,4).
    close(out[0, 0], [[7, 10], [25, 28]], 1e-5, "6x6 -> 2x2 samples centres")


@check
def resize_upsamples_with_clamped_half_pixel_coordinates():
    # 2x2 into 4x4: output column j samples source x = (j+0.5)/2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (->1).
    img = torch.tensor([[0.0, 4.0], [8.0, 12.0]]).view(1, 1, 2, 2)
    out = resize_with_pad(img, 4, 4)[0, 0]
    row = lambda a, b: [a, 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b, b]  # noqa: E731
    top, bottom = row(0, 4), row(8, 12)
    rows = [top, [0.75 * t + 0.25 * b for t, b in zip(top, bottom)], [0.25 * t + 0.75 * b for t, b in zip(top, bottom)], bottom]
    close(out, rows, 1e-6, "2x2 -> 4x4")


@check
def prefix_mask_and_positions_follow_the_cumsum_rule():
    # [img, img, lang, lang(pad), state]: flags 0 0 0 0 1. Image/lang see valid image/lang; state sees all valid.
    pad = torch.tensor([[True, True, True, False, True]])
    flags = torch.tensor([[0, 0, 0, 0, 1]])
    m = make_att_2d_masks(pad, flags)[0].int().tolist()
    assert m == [[1, 1, 1, 0, 0], [1, 1, 1, 0, 0], [1, 1, 1, 0, 0], [0, 0, 0, 0, 0], [1, 1, 1, 0, 1]], m
    positions = (torch.cumsum(pad, dim=1) - 1)[0].tolist()
    assert positions == [0, 1, 2, 2, 3], positions
    # Suffix flags all 1: causal.
    s = make_att_2d_masks(torch.ones(1, 3, dtype=torch.bool), torch.ones(1, 3, dtype=torch.int64))[0].int().tolist()
    assert s == [[1, 0, 0], [1, 1, 0], [1, 1, 1]], s


@check
def pixel_shuffle_maps_patch_to_token_and_offset():
    # G = 8, s = 4, D = 3: patch (r,c) -> token (r//4)*2 + c//4, offset ((r%4)*4 + c%4)*3.
    g, s, d = 8, 4, 3
    x = torch.zeros(1, g * g, d)
    for r in range(g):
        for c in range(g):
            x[0, r * g + c] = torch.tensor([r * 100 + c, r, c], dtype=torch.float32)
    out = pixel_shuffle(x, s)
    assert list(out.shape) == [1, 4, 48]
    for r in range(g):
        for c in range(g):
            token, off = (r // s) * (g // s) + c // s, ((r % s) * s + c % s) * d
            assert out[0, token, off].item() == r * 100 + c, (r, c)


@check
def expert_mlp_width_follows_lerobot_rounding():
    assert expert_intermediate_size(720) == 2048
    assert expert_intermediate_size(72) == 256


@check
def bf16_is_written_round_to_nearest_even():
    # 1 + 2^-8 is half-way between bf16 1.0 and 1 + 2^-7: ties to even -> 1.0 (0x3F80).
    # 1 + 3*2^-8 is half-way between 1 + 2^-7 (0x3F81) and 1 + 2^-6 (0x3F82): ties to even -> 0x3F82.
    # 1 + 2^-8 + 2^-20 is above half-way -> 0x3F81.
    values = torch.tensor([1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20, -2.0], dtype=torch.float32)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bf16.safetensors")
        save_file({"x": values.to(torch.bfloat16)}, path)
        raw = open(path, "rb").read()
        (n,) = struct.unpack("<Q", raw[:8])
        words = struct.unpack("<4H", raw[8 + n:8 + n + 8])
        assert words == (0x3F80, 0x3F82, 0x3F81, 0xC000), [hex(w) for w in words]
        assert load_file(path)["x"].float().tolist() == [1.0, 1 + 2 ** -6, 1 + 2 ** -7, -2.0]


def _run(*args):
    subprocess.run([PY, *args], check=True, cwd=HERE)


@check
def tiny_checkpoint_has_the_base_inventory_and_batches_are_independent():
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = os.path.join(tmp, "ckpt")
        _run("make_checkpoint.py", "--out", ckpt, "--size", "tiny", "--seed", "4", "--cameras", "2")
        summary = check_inventory(ckpt)
        assert summary["tensors"] == 500 and summary["f32"] == 26, summary
        obs, noise = os.path.join(tmp, "obs.safetensors"), os.path.join(tmp, "noise.safetensors")
        _run("make_inputs.py", "--checkpoint", ckpt, "--batch", "3", "--seed", "9", "--observation", obs,
             "--noise", noise, "--lang-lengths", "16,5,1")
        _run("smolvla_reference.py", "--checkpoint", ckpt, "--observation", obs, "--noise", noise,
             "--out", os.path.join(tmp, "all.safetensors"))
        whole = load_file(os.path.join(tmp, "all.safetensors"))["action"]
        o, n = load_file(obs), load_file(noise)
        for i in range(3):
            save_file({k: v[i:i + 1].contiguous() for k, v in o.items()}, obs)
            save_file({"noise": n["noise"][i:i + 1].contiguous()}, noise)
            one = os.path.join(tmp, f"one{i}.safetensors")
            _run("smolvla_reference.py", "--checkpoint", ckpt, "--observation", obs, "--noise", noise, "--out", one)
            close(load_file(one)["action"][0], whole[i], 1e-5, f"batch item {i} alone vs in a batch of 3")
        # Padding language tokens are invisible: changing their ids must not change the actions.
        o1 = {k: v[1:2].clone() for k, v in o.items()}
        o1["observation.language.tokens"][0, 5:] = 7
        save_file(o1, obs)
        save_file({"noise": n["noise"][1:2].contiguous()}, noise)
        _run("smolvla_reference.py", "--checkpoint", ckpt, "--observation", obs, "--noise", noise,
             "--out", os.path.join(tmp, "pad.safetensors"))
        close(load_file(os.path.join(tmp, "pad.safetensors"))["action"][0], whole[1], 1e-5, "pad token ids ignored")


@check
def normalization_layouts_old_buffers_match_processor_files_and_so100_quirk_is_identity():
    with tempfile.TemporaryDirectory() as tmp:
        obs, noise = os.path.join(tmp, "obs.safetensors"), os.path.join(tmp, "noise.safetensors")
        actions = {}
        for layout in ("plain", "old", "so100"):
            ckpt = os.path.join(tmp, layout)
            _run("make_checkpoint.py", "--out", ckpt, "--size", "tiny", "--seed", "6", "--stats", layout)
            check_inventory(ckpt)
            if layout == "plain":
                _run("make_inputs.py", "--checkpoint", ckpt, "--batch", "2", "--seed", "1", "--observation", obs, "--noise", noise)
            out = os.path.join(tmp, f"{layout}.safetensors")
            _run("smolvla_reference.py", "--checkpoint", ckpt, "--observation", obs, "--noise", noise, "--out", out, "--dump")
            actions[layout] = load_file(out)
        assert not os.path.exists(os.path.join(tmp, "old", "policy_preprocessor.json"))
        close(actions["old"]["action"], actions["plain"]["action"], 0, "old-layout stats == processor-file stats")
        so100, raw = actions["so100"], load_file(obs)["observation.state"]
        close(so100["state.padded"][:, :6], raw, 0, "so100 quirk: state passes through unnormalized")
        close(so100["action"], so100["x.9"][:, :, :6], 0, "so100 quirk: actions are the raw model output")
        diff = (actions["plain"]["action"] - actions["plain"]["x.9"][:, :, :6]).abs().max().item()
        assert diff > 0.1, f"plain stats should un-normalize the actions (max change {diff})"


def main():
    failed = 0
    for fn in CHECKS:
        try:
            fn()
            print(f"ok   {fn.__name__}")
        except (AssertionError, subprocess.CalledProcessError, SystemExit) as e:
            failed += 1
            print(f"FAIL {fn.__name__}: {e}")
    print(f"{len(CHECKS) - failed}/{len(CHECKS)} checks passed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

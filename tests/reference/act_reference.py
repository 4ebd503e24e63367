#!/usr/bin/python3
"""Fleet's PyTorch reference for ACT inference (run with Debian's /usr/bin/python3 and python3-torch 1.13).

Commands:
  make-case  --out DIR [--cameras N] [--batch B] [--size small|full] [--height H] [--width W]
             [--layout new|old] [--pre-norm] [--activation relu|gelu] [--seed S]
      Writes a LeRobot-style checkpoint with random weights to DIR/checkpoint, a raw observation to
      DIR/observation.safetensors, then loads the checkpoint back from disk and writes the reference actions to
      DIR/expected.safetensors (key 'action', [B, chunk, action_dim], un-normalized).
  predict    --path CKPT --observation OBS --out OUT
      Runs the reference on an existing checkpoint folder (a real LeRobot ACT checkpoint works too).
  export-onnx --path CKPT --batch B --out MODEL.onnx
      Exports normalize + forward + un-normalize to ONNX (inputs: state, then one image per camera).
  bench      --path CKPT --batch B --threads T [--repeat N]
      Times the reference forward (normalization included), prints JSON.
  dtypes     --out FILE
      Writes one tensor per dtype plus its fp32 expectation, for the reader's conversion tests.
  kernels    --out FILE
      Writes random inputs and torch's outputs of single ops (resize, pixel shuffle, GELU, SiLU, layer norm,
      softmax, conv2d, max-pool), for the kernel tests.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from act_model import ACTPolicy, ActSettings  # noqa: E402
from safetensors_io import load_file, save_file  # noqa: E402

PRE_FILE = "policy_preprocessor_step_3_normalizer_processor.safetensors"
POST_FILE = "policy_postprocessor_step_0_unnormalizer_processor.safetensors"


def make_config(size, cameras, height, width, pre_norm, activation):
    full = size == "full"
    inputs = {"observation.state": {"type": "STATE", "shape": [6]}}
    names = ["front", "wrist", "top"]
    for i in range(cameras):
        inputs[f"observation.images.{names[i]}"] = {"type": "VISUAL", "shape": [3, height, width]}
    return {
        "type": "act", "n_obs_steps": 1,
        "normalization_mapping": {"VISUAL": "MEAN_STD", "STATE": "MEAN_STD", "ACTION": "MEAN_STD"},
        "input_features": inputs,
        "output_features": {"action": {"type": "ACTION", "shape": [6]}},
        "device": "cpu", "use_amp": False,
        "chunk_size": 100 if full else 10, "n_action_steps": 100 if full else 10,
        "vision_backbone": "resnet18", "pretrained_backbone_weights": None,
        "replace_final_stride_with_dilation": False, "pre_norm": pre_norm,
        "dim_model": 512 if full else 64, "n_heads": 8 if full else 4,
        "dim_feedforward": 3200 if full else 96, "feedforward_activation": activation,
        "n_encoder_layers": 4 if full else 2, "n_decoder_layers": 1 if full else 2,
        "use_vae": True, "latent_dim": 32 if full else 8, "n_vae_encoder_layers": 4,
        "temporal_ensemble_coeff": None, "dropout": 0.1, "kl_weight": 10.0,
        "optimizer_lr": 1e-5, "optimizer_weight_decay": 1e-4, "optimizer_lr_backbone": 1e-5,
    }


def randomize(policy, gen):
    """Default init, then random frozen-BN statistics so the folding is exercised."""
    with torch.no_grad():
        for name, buf in policy.named_buffers():
            if name.endswith("running_var"):
                buf.copy_(torch.rand(buf.shape, generator=gen) + 0.5)
            elif name.endswith("running_mean"):
                buf.copy_(torch.randn(buf.shape, generator=gen) * 0.1)
            elif name.endswith(".weight"):
                buf.copy_(torch.rand(buf.shape, generator=gen) + 0.5)
            elif name.endswith(".bias"):
                buf.copy_(torch.randn(buf.shape, generator=gen) * 0.1)
        for name, p in policy.named_parameters():
            if ("encoder.layers" in name or "decoder.layers" in name) and p.dim() > 1:
                # Xavier-uniform like LeRobot's init, drawn from the seeded generator (torch 1.13's init takes none).
                bound = (6 / (p.shape[0] + p.shape[1])) ** 0.5
                p.copy_((torch.rand(p.shape, generator=gen) * 2 - 1) * bound)


def random_stats(cfg, gen):
    stats = {}
    for key, feat in list(cfg["input_features"].items()) + list(cfg["output_features"].items()):
        if feat["type"] == "VISUAL":
            stats[f"{key}.mean"] = torch.rand(3, 1, 1, generator=gen) * 0.3 + 0.3
            stats[f"{key}.std"] = torch.rand(3, 1, 1, generator=gen) * 0.1 + 0.2
        else:
            n = feat["shape"][0]
            stats[f"{key}.mean"] = torch.randn(n, generator=gen) * 10
            stats[f"{key}.std"] = torch.rand(n, generator=gen) * 5 + 0.5
            stats[f"{key}.min"] = stats[f"{key}.mean"] - 3 * stats[f"{key}.std"]
            stats[f"{key}.max"] = stats[f"{key}.mean"] + 3 * stats[f"{key}.std"]
    return stats


def write_checkpoint(directory, cfg, policy, stats, layout):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    tensors = dict(policy.state_dict())
    if layout == "old":
        for key, value in stats.items():
            feature, stat = key.rsplit(".", 1)
            if stat not in ("mean", "std"):
                continue
            buf = "buffer_" + feature.replace(".", "_")
            if feature == "action":
                tensors[f"normalize_targets.{buf}.{stat}"] = value
                tensors[f"unnormalize_outputs.{buf}.{stat}"] = value
            else:
                tensors[f"normalize_inputs.{buf}.{stat}"] = value
    save_file(tensors, os.path.join(directory, "model.safetensors"), {"format": "pt"})
    if layout == "new":
        features = {k: {"type": v["type"], "shape": v["shape"]} for k, v in {**cfg["input_features"], **cfg["output_features"]}.items()}
        norm_cfg = {"eps": 1e-8, "features": features, "norm_map": cfg["normalization_mapping"]}
        pre = {"name": "policy_preprocessor", "steps": [
            {"registry_name": "rename_observations_processor", "config": {"rename_map": {}}},
            {"registry_name": "to_batch_processor", "config": {}},
            {"registry_name": "device_processor", "config": {"device": "cpu", "float_dtype": None}},
            {"registry_name": "normalizer_processor", "config": norm_cfg, "state_file": PRE_FILE}]}
        post = {"name": "policy_postprocessor", "steps": [
            {"registry_name": "unnormalizer_processor", "config": norm_cfg, "state_file": POST_FILE},
            {"registry_name": "device_processor", "config": {"device": "cpu", "float_dtype": None}}]}
        for name, doc in (("policy_preprocessor.json", pre), ("policy_postprocessor.json", post)):
            with open(os.path.join(directory, name), "w") as f:
                json.dump(doc, f, indent=2)
        save_file(stats, os.path.join(directory, PRE_FILE))
        save_file(stats, os.path.join(directory, POST_FILE))


class LoadedAct:
    """A checkpoint folder loaded the way LeRobot would: config.json, model.safetensors, stats in either layout."""

    def __init__(self, directory):
        with open(os.path.join(directory, "config.json")) as f:
            self.cfg = json.load(f)
        self.settings = ActSettings(self.cfg)
        self.policy = ACTPolicy(self.settings).eval()
        weights = load_file(os.path.join(directory, "model.safetensors"))
        weights = {k: v.float() for k, v in weights.items()}
        missing, unexpected = self.policy.load_state_dict(weights, strict=False)
        if missing:
            raise SystemExit(f"checkpoint lacks {missing[:5]}")
        pre = os.path.join(directory, PRE_FILE)
        self.stats = {k: v.float() for k, v in load_file(pre).items()} if os.path.exists(pre) else self._old_stats(weights)

    def _old_stats(self, weights):
        stats = {}
        for key, value in weights.items():
            for prefix in ("normalize_inputs.buffer_", "unnormalize_outputs.buffer_"):
                if key.startswith(prefix):
                    feature, stat = key[len(prefix):].rsplit(".", 1)
                    feature = feature.replace("observation_images_", "observation.images.").replace("observation_state", "observation.state")
                    stats[f"{feature}.{stat}"] = value
        return stats

    def normalize(self, key, x):
        mode = self.cfg["normalization_mapping"][self._type(key)]
        if mode == "IDENTITY":
            return x
        return (x - self.stats[f"{key}.mean"]) / (self.stats[f"{key}.std"] + 1e-8)

    def unnormalize(self, x):
        mode = self.cfg["normalization_mapping"]["ACTION"]
        return x if mode == "IDENTITY" else x * self.stats["action.std"] + self.stats["action.mean"]

    def _type(self, key):
        return ({**self.cfg["input_features"], **self.cfg["output_features"]})[key]["type"]

    def forward(self, state, images):
        state_n = self.normalize("observation.state", state) if self.settings.state_dim else None
        images_n = [self.normalize(k, img) for k, img in zip(self.settings.image_keys, images)]
        return self.unnormalize(self.policy.model(state_n, images_n))

    def predict(self, obs):
        state = obs.get("observation.state")
        images = [obs[k] for k in self.settings.image_keys]
        with torch.no_grad():
            return self.forward(state, images)


def cmd_make_case(a):
    gen = torch.Generator().manual_seed(a.seed)
    torch.manual_seed(a.seed)
    cfg = make_config(a.size, a.cameras, a.height, a.width, a.pre_norm, a.activation)
    policy = ACTPolicy(ActSettings(cfg))
    randomize(policy, gen)
    ckpt = os.path.join(a.out, "checkpoint")
    write_checkpoint(ckpt, cfg, policy, random_stats(cfg, gen), a.layout)
    obs = {"observation.state": torch.randn(a.batch, 6, generator=gen) * 10}
    for key in ActSettings(cfg).image_keys:
        obs[key] = torch.rand(a.batch, 3, a.height, a.width, generator=gen)
    save_file(obs, os.path.join(a.out, "observation.safetensors"))
    loaded = LoadedAct(ckpt)
    save_file({"action": loaded.predict(obs).contiguous()}, os.path.join(a.out, "expected.safetensors"))


def cmd_predict(a):
    loaded = LoadedAct(a.path)
    obs = {k: v.float() for k, v in load_file(a.observation).items()}
    save_file({"action": loaded.predict(obs).contiguous()}, a.out)


def cmd_export_onnx(a):
    loaded = LoadedAct(a.path)
    s = loaded.settings
    feats = loaded.cfg["input_features"]

    class Wrapper(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = loaded.policy  # registered, so the weights export as initializers

        def forward(self, state, *images):
            return loaded.forward(state, list(images))

    for p in loaded.policy.parameters():
        p.requires_grad_(False)
    state = torch.zeros(a.batch, s.state_dim)
    images = [torch.rand(a.batch, *feats[k]["shape"]) for k in s.image_keys]
    names = ["state"] + [f"image{i}" for i in range(len(images))]
    with torch.no_grad():
        torch.onnx.export(Wrapper(), (state, *images), a.out, input_names=names, output_names=["action"], opset_version=14)


def cmd_bench(a):
    torch.set_num_threads(a.threads)
    loaded = LoadedAct(a.path)
    feats = loaded.cfg["input_features"]
    state = torch.zeros(a.batch, loaded.settings.state_dim)
    images = [torch.rand(a.batch, *feats[k]["shape"]) for k in loaded.settings.image_keys]
    times = []
    with torch.no_grad():
        loaded.forward(state, images)
        cpu0 = time.process_time()
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            loaded.forward(state, images)
            times.append(time.perf_counter() - t0)
        cpu = (time.process_time() - cpu0) / a.repeat
    times.sort()
    print(json.dumps({"batch": a.batch, "threads": a.threads, "median_ms": times[len(times) // 2] * 1000,
                      "min_ms": times[0] * 1000, "cpu_ms_per_run": cpu * 1000}))


def cmd_dtypes(a):
    values = torch.tensor([0.0, 1.0, -2.5, 3.140625, 65504.0, -0.000061035156, 100.0, -7.0])
    out = {"expected": values}
    for dtype, name in ((torch.float16, "f16"), (torch.bfloat16, "bf16"), (torch.float64, "f64"),
                        (torch.int64, "i64"), (torch.int32, "i32"), (torch.int16, "i16"), (torch.int8, "i8")):
        v = values if dtype.is_floating_point else values.clamp(-100, 100).round()
        out[name] = v.to(dtype)
        out[name + ".expected"] = v.to(dtype).float()
    out["u8"] = torch.tensor([0, 1, 200, 255], dtype=torch.uint8)
    out["u8.expected"] = out["u8"].float()
    out["bool"] = torch.tensor([True, False, True])
    out["bool.expected"] = out["bool"].float()
    save_file(out, a.out)


def cmd_kernels(a):
    gen = torch.Generator().manual_seed(3)
    x = torch.rand(3, 37, 53, generator=gen)
    ps = torch.randn(8, 5, 6, generator=gen)
    act = torch.randn(1000, generator=gen) * 4
    ln = torch.randn(7, 48, generator=gen) * 3 + 1
    lw, lb = torch.randn(48, generator=gen), torch.randn(48, generator=gen)
    sm = torch.randn(5, 33, generator=gen) * 5
    cx = torch.randn(1, 5, 23, 19, generator=gen)
    cw, cb = torch.randn(7, 5, 3, 3, generator=gen), torch.randn(7, generator=gen)
    out = {
        "resize.in": x,
        "resize.up": F.interpolate(x[None], size=(64, 80), mode="bilinear", align_corners=False)[0],
        "resize.down": F.interpolate(x[None], size=(17, 29), mode="bilinear", align_corners=False)[0],
        "pixel_shuffle.in": ps, "pixel_shuffle.out": F.pixel_shuffle(ps[None], 2)[0],
        "act.in": act, "gelu_erf": F.gelu(act), "gelu_tanh": F.gelu(act, approximate="tanh"), "silu": F.silu(act),
        "layer_norm.in": ln, "layer_norm.weight": lw, "layer_norm.bias": lb,
        "layer_norm.out": F.layer_norm(ln, (48,), lw, lb, 1e-5),
        "softmax.in": sm, "softmax.out": torch.softmax(sm, -1),
        "conv.in": cx[0], "conv.weight": cw, "conv.bias": cb,
        "conv.out": F.conv2d(cx, cw, cb, stride=2, padding=1)[0],
        "max_pool.out": F.max_pool2d(cx, 3, 2, 1)[0],
    }
    save_file({k: v.contiguous() for k, v in out.items()}, a.out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make-case")
    m.add_argument("--out", required=True)
    m.add_argument("--cameras", type=int, default=1)
    m.add_argument("--batch", type=int, default=1)
    m.add_argument("--size", choices=["small", "full"], default="small")
    m.add_argument("--height", type=int, default=64)
    m.add_argument("--width", type=int, default=96)
    m.add_argument("--layout", choices=["new", "old"], default="new")
    m.add_argument("--pre-norm", action="store_true")
    m.add_argument("--activation", choices=["relu", "gelu"], default="relu")
    m.add_argument("--seed", type=int, default=1)
    pr = sub.add_parser("predict")
    pr.add_argument("--path", required=True)
    pr.add_argument("--observation", required=True)
    pr.add_argument("--out", required=True)
    e = sub.add_parser("export-onnx")
    e.add_argument("--path", required=True)
    e.add_argument("--batch", type=int, default=1)
    e.add_argument("--out", required=True)
    b = sub.add_parser("bench")
    b.add_argument("--path", required=True)
    b.add_argument("--batch", type=int, default=1)
    b.add_argument("--threads", type=int, default=2)
    b.add_argument("--repeat", type=int, default=5)
    d = sub.add_parser("dtypes")
    d.add_argument("--out", required=True)
    k = sub.add_parser("kernels")
    k.add_argument("--out", required=True)
    a = p.parse_args()
    {"make-case": cmd_make_case, "predict": cmd_predict, "export-onnx": cmd_export_onnx, "bench": cmd_bench, "dtypes": cmd_dtypes, "kernels": cmd_kernels}[a.cmd](a)


if __name__ == "__main__":
    main()

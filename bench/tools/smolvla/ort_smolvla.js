// ONNX Runtime CPU baseline for SmolVLA (scripts/bench-smolvla.sh). Runs the three graphs written by export_onnx.py
// (vision.onnx per camera, prefill.onnx once, denoise.onnx num_steps times with the Euler update in between) and
// prints per-phase and per-chunk wall and CPU milliseconds as one JSON line.
//
//   node ort_smolvla.js MODELS_DIR THREADS REPEAT [DUMP.safetensors NOISE.safetensors]   (REPEAT 0: check only)
//
// With a dump (smolvla_reference.py --dump on an observation whose language length matches the export) and its
// noise file, it first runs the graphs on the dump's own inputs and prints the max |ORT - PyTorch| of the vision
// output, the prefix K/V and the final x, so the baseline is known to compute the same thing as the reference.
// onnxruntime-node is the one pinned in bench/tools/policy (npm ci there first: scripts/setup-policy.sh --bench).
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const ort = createRequire(path.join(__dirname, '..', 'policy', 'package.json'))('onnxruntime-node');

function readSafetensors(file) {
  const raw = fs.readFileSync(file);
  const n = Number(raw.readBigUInt64LE(0));
  const header = JSON.parse(raw.subarray(8, 8 + n).toString('utf8'));
  const out = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [b, e] = info.data_offsets;
    const bytes = raw.subarray(8 + n + b, 8 + n + e);
    const copy = new Uint8Array(bytes).buffer; // aligned copy
    const kind = { F32: Float32Array, I64: BigInt64Array, U8: Uint8Array, BOOL: Uint8Array }[info.dtype];
    if (!kind) throw new Error(`${file}: ${name} has dtype ${info.dtype}, not supported here`);
    out[name] = { data: new kind(copy), shape: info.shape, dtype: info.dtype };
  }
  return out;
}

function random(n, seed, scale) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = (s / 4294967296 * 2 - 1) * scale; }
  return a;
}

const f32 = (data, dims) => new ort.Tensor('float32', data, dims);
const maxAbsDiff = (a, b) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };

class SmolVlaOrt {
  constructor(dir, shapes, sessions) { Object.assign(this, { dir, s: shapes }, sessions); }

  static async load(dir, threads) {
    const shapes = JSON.parse(fs.readFileSync(path.join(dir, 'shapes.json'), 'utf8'));
    const opts = { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
    // ORT_SPIN=0: worker threads sleep instead of spinning between ops (fairer on a loaded, shared machine).
    if (process.env.ORT_SPIN === '0') opts.extra = { session: { intra_op: { allow_spinning: '0' } } };
    const sessions = {};
    for (const name of ['vision', 'prefill', 'denoise'])
      sessions[name] = await ort.InferenceSession.create(path.join(dir, name + '.onnx'), opts);
    return new SmolVlaOrt(dir, shapes, sessions);
  }

  kvNames() { const n = []; for (let l = 0; l < this.s.layers; l++) n.push('k' + l, 'v' + l); return n; }

  async runVision(images) { return (await this.vision.run({ images })).vision; }

  async runPrefill(embeddings, att2d, positions) {
    return this.prefill.run({ embeddings, att_2d_mask: att2d, position_ids: positions });
  }

  // Euler from t = 1 to 0: t_k = fp32(1 + k*dt), x <- x + dt*v (dt = fp32(-1/steps)); returns [x, first velocity].
  async runDenoise(noise, prefixPad, kv) {
    const { batch, chunk_size: chunk, max_action_dim: a, num_steps: steps } = this.s;
    const dt = Math.fround(-1 / steps);
    let x = Float32Array.from(noise);
    let first = null;
    for (let k = 0; k < steps; k++) {
      const time = new Float32Array(batch).fill(Math.fround(1 + k * (-1 / steps)));
      const feeds = { x_t: f32(x, [batch, chunk, a]), time: f32(time, [batch]), prefix_pad: prefixPad };
      for (const name of this.kvNames()) feeds[name] = kv[name];
      const v = (await this.denoise.run(feeds)).velocity.data;
      if (!first) first = Float32Array.from(v);
      const next = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) next[i] = Math.fround(x[i] + Math.fround(dt * v[i]));
      x = next;
    }
    return [x, first];
  }
}

async function check(model, dumpFile, noiseFile) {
  const d = readSafetensors(dumpFile);
  const noise = readSafetensors(noiseFile).noise;
  const s = model.s;
  const result = {};
  let cam = 0;
  for (const key of Object.keys(d).filter(k => k.startsWith('images.'))) {
    const name = key.slice('images.'.length);
    const out = await model.runVision(f32(d[key].data, d[key].shape));
    result['vision.' + name] = maxAbsDiff(out.data, d['vision.' + name].data);
    cam++;
  }
  const emb = d['prefix.embeddings'];
  if (emb.shape[1] !== s.prefix_length)
    throw new Error(`dump prefix length ${emb.shape[1]} != exported ${s.prefix_length}: export with --lang-length matching the dump`);
  const att = new ort.Tensor('bool', d['prefix.att_2d_mask'].data, d['prefix.att_2d_mask'].shape);
  const pos = new ort.Tensor('int64', d['prefix.position_ids'].data, d['prefix.position_ids'].shape);
  const kv = await model.runPrefill(f32(emb.data, emb.shape), att, pos);
  let kvDiff = 0;
  for (let l = 0; l < s.layers; l++)
    for (const p of ['k', 'v']) kvDiff = Math.max(kvDiff, maxAbsDiff(kv[p + l].data, d[`prefix.${p}.${l}`].data));
  result['prefix.kv'] = kvDiff;
  const pad = new ort.Tensor('bool', d['prefix.pad_mask'].data, d['prefix.pad_mask'].shape);
  const [x, v0] = await model.runDenoise(noise.data, pad, kv);
  result['velocity.0'] = maxAbsDiff(v0, d['velocity.0'].data);
  result['x.last'] = maxAbsDiff(x, d[`x.${s.num_steps - 1}`].data);
  return result;
}

async function time(fn, repeat) {
  const walls = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    walls.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const cpu = process.cpuUsage(cpu0);
  walls.sort((a, b) => a - b);
  return { median_ms: walls[Math.floor(walls.length / 2)], min_ms: walls[0], cpu_ms: (cpu.user + cpu.system) / 1000 / repeat };
}

async function main() {
  const [dir, threads, repeat, dump, noiseFile] = process.argv.slice(2);
  const model = await SmolVlaOrt.load(dir, +threads);
  const s = model.s;
  if (dump) console.log(JSON.stringify({ ort_vs_pytorch_max_abs_diff: await check(model, dump, noiseFile) }));
  if (+repeat === 0) return; // check only
  const b = s.batch, p = s.prefix_length;
  const image = f32(random(b * 3 * s.side * s.side, 1, 1), [b, 3, s.side, s.side]);
  const emb = f32(random(b * p * s.hidden, 2, 1.7), [b, p, s.hidden]);
  const att = new ort.Tensor('bool', new Uint8Array(b * p * p).fill(1), [b, p, p]);
  const pos = new ort.Tensor('int64', BigInt64Array.from({ length: b * p }, (_, i) => BigInt(i % p)), [b, p]);
  const pad = new ort.Tensor('bool', new Uint8Array(b * p).fill(1), [b, p]);
  const noise = random(b * s.chunk_size * s.max_action_dim, 3, 1.7);
  const kv = await model.runPrefill(emb, att, pos);
  await model.runVision(image); await model.runDenoise(noise, pad, kv); // warm-up
  const reps = +repeat;
  const vision = await time(() => model.runVision(image), reps);
  const prefill = await time(() => model.runPrefill(emb, att, pos), reps);
  const denoise = await time(() => model.runDenoise(noise, pad, kv), reps);
  const chunk = await time(async () => {
    for (let c = 0; c < s.cameras; c++) await model.runVision(image);
    const cache = await model.runPrefill(emb, att, pos);
    await model.runDenoise(noise, pad, cache);
  }, reps);
  console.log(JSON.stringify({ engine: 'onnxruntime-node', threads: +threads, batch: b, cameras: s.cameras, prefix_length: p,
    vision_per_camera: vision, prefill, denoise_10_steps: denoise, total_per_chunk: chunk }));
}
main().catch(e => { console.error(e); process.exit(1); });

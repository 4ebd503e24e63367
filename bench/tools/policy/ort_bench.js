// ONNX Runtime CPU baseline for scripts/bench-policy.sh: times an exported ACT model (inputs "state", "image0", ...)
// on fixed random inputs. Usage: node ort_bench.js MODEL.onnx BATCH STATE_DIM CAMERAS HEIGHT WIDTH THREADS REPEAT
const ort = require('onnxruntime-node');

function random(n, seed) {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (s * 1664525 + 1013904223) >>> 0; a[i] = s / 4294967296; }
  return a;
}

async function main() {
  const [model, batch, stateDim, cameras, height, width, threads, repeat] = process.argv.slice(2);
  const b = +batch, t = +threads, reps = +repeat;
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: t, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const feeds = { state: new ort.Tensor('float32', new Float32Array(b * +stateDim), [b, +stateDim]) };
  for (let c = 0; c < +cameras; c++)
    feeds['image' + c] = new ort.Tensor('float32', random(b * 3 * height * width, c + 1), [b, 3, +height, +width]);
  await session.run(feeds);
  const times = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((x, y) => x - y);
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ batch: b, threads: t, median_ms: times[Math.floor(times.length / 2)], min_ms: times[0],
    cpu_ms_per_run: (cpu.user + cpu.system) / 1000 / reps }));
}
main().catch(e => { console.error(e); process.exit(1); });

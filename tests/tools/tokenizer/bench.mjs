// Baseline for bench/Fleet.Benchmarks/Policy/TokenizerBenchmarks.cs: tokenizers.js on the same synthetic
// SmolVLM2-sized tokenizer.json and the same task. Run the C# benchmark first (it writes the file), then:
//   node tests/tools/tokenizer/bench.mjs [/tmp/fleet-bench-tokenizer/tokenizer.json]
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const path = process.argv[2] ?? "/tmp/fleet-bench-tokenizer/tokenizer.json";
const task =
  "Pick up the red cube from the left side of the table and place it very gently in the blue bowl, then push the " +
  "green block 2 cm to the right of the yellow cup without touching the other 3 objects at all.\n";

let t0 = performance.now();
const tokenizer = new Tokenizer(JSON.parse(readFileSync(path, "utf8")), { pad_token: "<|im_end|>" });
const loadMs = performance.now() - t0;

const ids = tokenizer.encode(task).ids;
const time = (label, n, f) => {
  for (let i = 0; i < Math.min(n, 2000); i++) f(); // warm up the JIT and the word cache
  const start = performance.now();
  for (let i = 0; i < n; i++) f();
  const us = ((performance.now() - start) * 1000) / n;
  console.log(`${label}: ${us.toFixed(2)} us`);
};
console.log(`load: ${loadMs.toFixed(1)} ms; task tokens: ${ids.length}: ${ids.join(",")}`);
time("encode task", 20000, () => tokenizer.encode(task));
time("decode task", 20000, () => tokenizer.decode(ids));

#!/usr/bin/python3
"""numpy (OpenBLAS) sgemm GFLOP/s on ACT's GEMM shapes, for bench/RESULTS.md. Usage: gemm_numpy.py THREADS"""
import json
import os
import sys
import time

threads = sys.argv[1] if len(sys.argv) > 1 else "2"
os.environ["OPENBLAS_NUM_THREADS"] = threads
import numpy as np  # noqa: E402  (thread count must be set before import)

# (m, n, k): conv layers as [pixels, out] x [9*in] (channels-last), encoder linears at 302 tokens.
SHAPES = [(19200, 64, 576), (4800, 128, 1152), (1200, 256, 2304), (300, 512, 4608), (302, 512, 512), (302, 3200, 512), (302, 512, 3200)]
rng = np.random.default_rng(1)
for m, n, k in SHAPES:
    a = rng.random((m, k), dtype=np.float32)
    b = rng.random((k, n), dtype=np.float32)
    a @ b
    times = []
    cpu0 = time.process_time()
    for _ in range(7):
        t0 = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t0)
    cpu = (time.process_time() - cpu0) / 7
    times.sort()
    flops = 2 * m * n * k
    print(json.dumps({"m": m, "n": n, "k": k, "median_gflops": flops / times[3] / 1e9, "best_gflops": flops / times[0] / 1e9,
                      "gflops_per_cpu_second": flops / cpu / 1e9}))

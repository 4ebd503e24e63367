using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Fleet.Benchmarks -- --filter '*Mailbox*'` runs one suite;
// without arguments BenchmarkDotNet lists the suites and asks which to run.
// `-- --actors [--quick]` runs the actor-kernel suite with its raw-channel baselines (see Actors/ActorBenchmarks.cs).
if (args.Contains("--actors"))
{
    Fleet.Benchmarks.Actors.ActorBenchmarks.Run(args);
    return;
}

// `-- --arms [--seconds S] [--counts 4,16,64]` runs the arms-per-node measurement (Arm/ArmsPerNode.cs);
// `-- --async-vs-sync [--latencies 100,300]` times a reference trajectory in both inference modes (Arm/AsyncVersusSync.cs).
if (args.Contains("--arms"))
{
    await Fleet.Benchmarks.Arm.ArmsPerNode.RunAsync(args);
    return;
}
if (args.Contains("--async-vs-sync"))
{
    await Fleet.Benchmarks.Arm.AsyncVersusSync.RunAsync(args);
    return;
}

// `-- --cluster --broker amqp://guest:guest@127.0.0.1:5672/ [--quick]` runs the remote-pool suite (see Cluster/ClusterBenchmarks.cs).
if (args.Contains("--cluster"))
{
    await Fleet.Benchmarks.Cluster.ClusterBenchmarks.RunAsync(args);
    return;
}

// `-- --jpeg [--quick]` measures each JPEG speed switch on a 2-camera observation (Cluster/JpegBenchmark.cs).
if (args.Contains("--jpeg"))
{
    Fleet.Benchmarks.Cluster.JpegBenchmark.Run(args);
    return;
}

// `-- --smolvla-gemm [--threads 1,2] [--repeat 7]` times sgemm on every Linear shape of a SmolVLA chunk (Policy/SmolVlaGemmTiming.cs).
if (args.Contains("--smolvla-gemm"))
{
    Fleet.Benchmarks.Policy.SmolVlaGemmTiming.Run(args);
    return;
}

// `-- --smolvla-vision [--batch 1] [--threads 2] [--repeat 5]` times SmolVLA's vision encoder (Policy/SmolVlaVisionTiming.cs).
if (args.Contains("--smolvla-vision"))
{
    Fleet.Benchmarks.Policy.SmolVlaVisionTiming.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

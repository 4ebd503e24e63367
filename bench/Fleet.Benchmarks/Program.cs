using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Fleet.Benchmarks -- --filter '*Mailbox*'` runs one suite;
// without arguments BenchmarkDotNet lists the suites and asks which to run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TornPages.Benchmarks.TransactionBenchmarks).Assembly).Run(args);

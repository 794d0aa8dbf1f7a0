using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TornPages.Benchmarks.HotPathBenchmarks).Assembly).Run(args);

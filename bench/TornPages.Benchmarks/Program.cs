using BenchmarkDotNet.Running;
using TornPages.Benchmarks;

return args.Length > 0 && args[0] == "statements"
    ? StatementProfile.Run(args[1..])
    : RunBenchmarks(args);

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(TransactionBenchmarks).Assembly).Run(args);
    return 0;
}

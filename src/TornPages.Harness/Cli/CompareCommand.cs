using System.CommandLine;
using TornPages.Harness.Reports;
using TornPages.Harness.Reports.Compare;

namespace TornPages.Harness.Cli;

/// <summary><c>tornbench compare A B</c>: two sweep directories side by side, B against A.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "the baseline sweep directory (with runs.csv)" };
        var b = new Argument<string>("b") { Description = "the sweep compared with it" };
        var output = new Option<string?>("--out") { Description = "new directory for compare.md and its chart (default: results/compare/A_vs_B)" };
        var cmd = new Command("compare", "compare two sweeps: a markdown table and a chart of the ratios B/A per strategy with their significance") { a, b, output };
        cmd.SetAction(p =>
        {
            var da = ReportData.Load(p.GetValue(a)!);
            var db = ReportData.Load(p.GetValue(b)!);
            string outDir = p.GetValue(output) ?? Path.Combine("results", "compare",
                $"{Path.GetFileName(Path.GetFullPath(da.Directory))}_vs_{Path.GetFileName(Path.GetFullPath(db.Directory))}");
            // A comparison, like a sweep, goes into a directory of its own and never over an earlier one.
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new ArgumentException($"{outDir} exists and is not empty: compare writes a new directory (remove it or give --out)");
            TornbenchCli.CheckWritable(outDir);
            var comparison = new SweepComparison(da, db);
            Console.Write(ComparisonWriter.Write(comparison, outDir));
            Console.WriteLine();
            Console.WriteLine($"comparison: {Path.Combine(outDir, "compare.md")}");
            return 0;
        });
        return cmd;
    }
}

using System.CommandLine;
using TornPages.Harness.Results;
using TornPages.Harness.Runs;
using TornPages.Harness.Sweeps;
using TornPages.Harness.Trials;

namespace TornPages.Harness.Cli;

/// <summary><c>tornbench merge OUT SHARD...</c>: joins the shard directories of one sweep into a new directory.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var output = new Argument<string>("out") { Description = "new directory for the merged sweep" };
        var shards = new Argument<string[]>("shards") { Description = "shard result directories", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("merge", "join the results of a sweep's shards (concatenated, each run once)") { output, shards };
        cmd.SetAction(p =>
        {
            string outDir = p.GetValue(output)!;
            var dirs = p.GetValue(shards)!;
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new ArgumentException($"{outDir} exists and is not empty: merge writes a new directory");
            foreach (var d in dirs)
                if (!File.Exists(Path.Combine(d, SweepDirectory.Runs))) throw new ArgumentException($"{d} holds no {SweepDirectory.Runs}");
            // Shards of one sweep share the matrix; only their labels may differ.
            var matrices = dirs.Select(d => Path.Combine(d, SweepDirectory.Matrix)).Where(File.Exists)
                .Select(f => System.Text.Json.JsonSerializer.Serialize(SweepMatrix.Load(f) with { Label = "merged" }, SweepMatrix.Json))
                .Distinct().ToList();
            if (matrices.Count > 1) throw new ArgumentException("the directories come from different matrices");

            var runs = dirs.SelectMany(d => CsvAppender.Read<RunResult>(Path.Combine(d, SweepDirectory.Runs))).DistinctBy(r => r.RunId).ToList();
            var ids = runs.Select(r => r.RunId).ToHashSet();
            var series = dirs.Where(d => File.Exists(Path.Combine(d, SweepDirectory.Timeseries)))
                .SelectMany(d => CsvAppender.Read<TimeseriesPoint>(Path.Combine(d, SweepDirectory.Timeseries)))
                .Where(t => ids.Contains(t.RunId)).DistinctBy(t => (t.RunId, t.Txn)).ToList();
            var walRecords = dirs.Where(d => File.Exists(Path.Combine(d, SweepDirectory.WalRecords)))
                .SelectMany(d => CsvAppender.Read<WalRecordRow>(Path.Combine(d, SweepDirectory.WalRecords)))
                .Where(w => ids.Contains(w.RunId)).DistinctBy(w => (w.RunId, w.RecordType)).ToList();
            var crash = dirs.Where(d => File.Exists(Path.Combine(d, SweepDirectory.Crash)))
                .SelectMany(d => CsvAppender.Read<CrashSummary>(Path.Combine(d, SweepDirectory.Crash)))
                .DistinctBy(c => (c.Strategy, c.StrategyParams, c.Sector, c.AtomicUnit)).ToList();

            Directory.CreateDirectory(outDir);
            CsvAppender.Append(Path.Combine(outDir, SweepDirectory.Runs), runs);
            if (series.Count > 0) CsvAppender.Append(Path.Combine(outDir, SweepDirectory.Timeseries), series);
            if (walRecords.Count > 0) CsvAppender.Append(Path.Combine(outDir, SweepDirectory.WalRecords), walRecords);
            if (crash.Count > 0) CsvAppender.Append(Path.Combine(outDir, SweepDirectory.Crash), crash);
            if (matrices.Count == 1) AtomicFile.WriteAllText(Path.Combine(outDir, SweepDirectory.Matrix), matrices[0]);
            var meta = (MetaInfo.Read(Path.Combine(dirs[0], SweepDirectory.Meta)) ?? new MetaInfo()) with
            {
                Shard = null,
                MergedFrom = dirs.Select(Path.GetFullPath).ToArray(),
            };
            meta.Write(Path.Combine(outDir, SweepDirectory.Meta));
            Console.WriteLine($"merged {runs.Count} runs, {crash.Count} crash rows from {dirs.Length} directories into {outDir}");
            return 0;
        });
        return cmd;
    }
}

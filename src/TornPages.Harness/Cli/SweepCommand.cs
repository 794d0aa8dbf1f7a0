using System.CommandLine;
using Spectre.Console;
using TornPages.Harness.Devices;
using TornPages.Harness.Results;
using TornPages.Harness.Sweeps;

namespace TornPages.Harness.Cli;

/// <summary>
/// <c>tornbench sweep</c>: a matrix of runs (and crash trials) into a new results directory, or
/// the rest of an interrupted one with <c>--resume DIR</c>. Everything is checked before the
/// directory is made, so bad input leaves no results directory behind.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var preset = new Option<string?>("--preset") { Description = "built-in matrix: " + string.Join(", ", SweepMatrix.Presets.Keys) };
        var matrixFile = new Option<string?>("--matrix") { Description = "JSON matrix file (see README)" };
        var label = new Option<string?>("--label") { Description = "label of the results directory (default: the matrix's)" };
        var root = new Option<string>("--out") { Description = "results root", DefaultValueFactory = _ => "results" };
        var dir = new Option<string>("--dir") { Description = "directory on the disk under test for file-device runs", DefaultValueFactory = _ => "work-data" };
        var shard = new Option<string>("--shard") { Description = "run share i of n of the matrix (1-based), e.g. 2/4", DefaultValueFactory = _ => "1/1" };
        var resume = new Option<string?>("--resume") { Description = "continue the sweep in this results directory" };
        var probeWrites = CommonOptions.Int("--probe-writes", 1000, "8 KB write + fdatasync pairs for the disk probe (0: no probe)");
        var cmd = new Command("sweep", "run a matrix of configurations and crash trials into results/<host>/<date>_<label>/")
        {
            preset, matrixFile, label, root, dir, shard, resume, probeWrites,
        };
        cmd.SetAction(p =>
        {
            string? resumeDir = p.GetValue(resume);
            SweepMatrix matrix;
            Shard sh;
            if (resumeDir != null)
            {
                string saved = Path.Combine(resumeDir, SweepDirectory.Matrix);
                if (!File.Exists(saved)) throw new ArgumentException($"{resumeDir} is not a sweep directory (no {SweepDirectory.Matrix})");
                matrix = SweepMatrix.Load(saved);
                sh = MetaInfo.Read(Path.Combine(resumeDir, SweepDirectory.Meta))?.Shard is { } s ? Shard.Parse(s) : Shard.All;
            }
            else
            {
                if (p.GetValue(preset) != null && p.GetValue(matrixFile) != null) throw new ArgumentException("give --preset or --matrix, not both");
                matrix = p.GetValue(matrixFile) is { } file ? SweepMatrix.Load(file) : SweepMatrix.Preset(p.GetValue(preset) ?? "default");
                if (p.GetValue(label) is { } l) matrix = matrix with { Label = l };
                matrix.Validate();
                sh = Shard.Parse(p.GetValue(shard)!);
            }
            string dataDir = Path.GetFullPath(p.GetValue(dir)!);
            bool usesFiles = matrix.Devices.Contains("file");
            if (usesFiles) TornbenchCli.CheckWritable(dataDir);

            string outDir = resumeDir ?? SweepDirectory.CreateNew(p.GetValue(root)!, matrix.Label);
            ProbeResult? probe = null;
            var meta = MetaInfo.Read(Path.Combine(outDir, SweepDirectory.Meta));
            if (meta == null)
            {
                int writes = p.GetValue(probeWrites);
                if (usesFiles && writes > 0) probe = DiskProbe.Measure(dataDir, writes);
                meta = MetaInfo.Collect(usesFiles ? dataDir : outDir, sh.Count > 1 ? sh.ToString() : null) with
                {
                    Probe = probe, VacuumPolicies = [.. matrix.VacuumPolicies()],
                };
                AtomicFile.WriteAllText(Path.Combine(outDir, SweepDirectory.Matrix), System.Text.Json.JsonSerializer.Serialize(matrix, SweepMatrix.Json));
                meta.Write(Path.Combine(outDir, SweepDirectory.Meta));
            }
            else probe = meta.Probe;
            if (probe != null)
                Console.WriteLine($"probe: {probe.SyncsPerSecond:F0} 8 KB write + fdatasync per second on {probe.Directory} (median {probe.MedianMs:F3} ms)");

            var runner = new SweepRunner(matrix, outDir, dataDir, sh, probe);
            Console.WriteLine($"sweep {matrix.Label}{(sh.Count > 1 ? $" shard {sh}" : "")}: {runner.TotalSteps} steps into {outDir}");
            if (Console.IsOutputRedirected)
            {
                // A log has no progress bar: each step says how long the sweep has run (minutes:seconds).
                var clock = System.Diagnostics.Stopwatch.StartNew();
                runner.Run(s => { if (s.Done < s.Total) Console.WriteLine($"[{s.Done + 1}/{s.Total}, {(int)clock.Elapsed.TotalMinutes}:{clock.Elapsed.Seconds:D2}] {s.Current}"); });
            }
            else
                AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("sweep", maxValue: runner.TotalSteps);
                        runner.Run(s =>
                        {
                            task.Value = s.Done;
                            task.Description = $"[{s.Done}/{s.Total}] {Markup.Escape(s.Current)}";
                        });
                    });
            Console.WriteLine($"results: {outDir}");
            return 0;
        });
        return cmd;
    }
}

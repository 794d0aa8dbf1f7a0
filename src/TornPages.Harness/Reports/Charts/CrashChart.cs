namespace TornPages.Harness.Reports.Charts;

/// <summary>Crash-trial outcomes, stacked, a bar per strategy and sector size.</summary>
public sealed class CrashChart : Chart
{
    public override string Name => "crash_trials";

    public override string Caption(ReportData d) => "Crash-trial outcomes per strategy and sector size (A = with an atomic write unit).";

    public override string? Prepare(ReportData d, string dir)
    {
        if (d.Crash.Count == 0) return null;
        string[] outcomes = ["passed", "torn page", "lost commit", "wrong data", "recovery error"];
        WriteTable(Path.Combine(dir, Name + ".dat"), "strategy", outcomes, d.Crash.Select(c =>
            ($"{c.Strategy}/{c.Sector}{(c.AtomicUnit > 0 ? "A" : "")}",
             new double[] { c.Passed, c.FailedTornPage, c.FailedLostCommit, c.FailedWrongData, c.FailedRecoveryError })));
        return Preamble("Crash trials: outcomes") +
               "set style data histograms\nset style histogram rowstacked\nset style fill solid 0.8 border -1\nset boxwidth 0.7\n" +
               "set ylabel 'trials'\nset xlabel 'strategy / sector size (bytes)'\nset yrange [0:*]\nset xtics rotate by -30\n" +
               "colors = '#2ca02c #d62728 #ff7f0e #9467bd #7f7f7f'\n" +
               $"plot for [c=2:{outcomes.Length + 1}] {Q(Name + ".dat")} using c:xtic(1) linecolor rgb word(colors, c-1) title columnhead(c)\n";
    }
}

/// <summary>Median recovery time in the crash trials, a bar per strategy.</summary>
public sealed class RecoveryChart : Chart
{
    public override string Name => "recovery_time";

    public override string Caption(ReportData d) =>
        "Median time of crash recovery in the trials (prologue, WAL replay, end-of-recovery checkpoint; simulated device, CPU time).";

    public override string? Prepare(ReportData d, string dir)
    {
        var rows = d.Crash.Where(c => c.AtomicUnit == 0).GroupBy(c => c.Strategy)
            .Select(g => (g.Key, new[] { g.Average(c => c.RecoveryMsMedian) })).ToList();
        if (rows.Count == 0) return null;
        WriteTable(Path.Combine(dir, Name + ".dat"), "strategy", ["recovery"], rows);
        return Preamble("Crash recovery time (median over trials)") +
               "set style data histograms\nset style fill solid 0.8 border -1\nset boxwidth 0.7\nunset key\n" +
               "set ylabel 'recovery time, ms (CPU)'\nset xlabel 'strategy'\nset yrange [0:*]\nset xtics rotate by -30\n" +
               $"plot {Q(Name + ".dat")} using 2:xtic(1) title columnhead(2)\n";
    }
}

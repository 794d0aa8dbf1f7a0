namespace TornPages.Harness.Reports.Charts;

/// <summary>Total bytes written per transaction, stacked by file class, a bar per strategy.</summary>
public sealed class BytesWrittenChart : Chart
{
    public override string Name => "bytes_written";

    private static int Interval(ReportData d) => d.CheckpointIntervals[d.CheckpointIntervals.Count / 2];

    public override string Caption(ReportData d) =>
        $"Bytes written per transaction by file class (median over seeds), {d.Dists.FirstOrDefault()}, checkpoint every {Interval(d)}.";

    public override string? Prepare(ReportData d, string dir)
    {
        if (d.CheckpointIntervals.Count == 0) return null;
        string dist = d.Dists[0];
        int ckpt = Interval(d);
        string[] classes = ["WAL", "data", "copies", "double-write", "map", "control"];
        var rows = d.Strategies.Select(s =>
        {
            double M(Func<Runs.RunResult, double> f) => d.Median(s, dist, ckpt, r => f(r) / r.Txns).Median;
            return (s, new[]
            {
                M(r => r.WalWriteBytes), M(r => r.DataWriteBytes - r.CopyWriteBytes), M(r => r.CopyWriteBytes),
                M(r => r.DwbWriteBytes), M(r => r.MapWriteBytes), M(r => r.ControlWriteBytes),
            });
        });
        WriteTable(Path.Combine(dir, Name + ".dat"), "strategy", classes, rows);
        return Preamble($"Bytes written per transaction ({dist}, checkpoint every {ckpt})") +
               "set style data histograms\nset style histogram rowstacked\nset style fill solid 0.8 border -1\nset boxwidth 0.7\n" +
               "set ylabel 'bytes written per transaction'\nset xlabel 'strategy'\nset yrange [0:*]\nset xtics rotate by -30\n" +
               $"plot for [c=2:{classes.Length + 1}] {Q(Name + ".dat")} using c:xtic(1) title columnhead(c)\n";
    }
}

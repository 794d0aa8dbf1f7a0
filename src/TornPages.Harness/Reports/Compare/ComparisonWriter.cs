using System.Globalization;
using System.Text;
using TornPages.Harness.Reports.Rendering;
using TornPages.Harness.Results;

namespace TornPages.Harness.Reports.Compare;

/// <summary>compare.md (and the ratio chart beside it) for two sweeps.</summary>
public static class ComparisonWriter
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Writes OUT/compare.md and OUT/charts/compare_ratios.{png,svg,csv}; returns the markdown.</summary>
    public static string Write(SweepComparison c, string outDir)
    {
        string charts = Path.Combine(outDir, "charts");
        Directory.CreateDirectory(charts);
        var figure = RatioChart.Build(c);
        if (figure != null)
        {
            figure.Data.Write(Path.Combine(charts, RatioChart.Name + ".csv"));
            FigureRenderer.Save(figure, charts, RatioChart.Name);
        }
        string md = Markdown(c, figure != null);
        AtomicFile.WriteAllText(Path.Combine(outDir, "compare.md"), md);
        return md;
    }

    public static string Markdown(SweepComparison c, bool withChart)
    {
        var sb = new StringBuilder();
        string a = Path.GetFullPath(c.A.Directory), b = Path.GetFullPath(c.B.Directory);
        sb.AppendLine($"# {Path.GetFileName(b)} (B) against {Path.GetFileName(a)} (A)");
        sb.AppendLine();
        sb.AppendLine($"- A: `{a}`{Where(c.A)}");
        sb.AppendLine($"- B: `{b}`{Where(c.B)}");
        foreach (var d in c.SetupDifferences()) sb.AppendLine($"- Set up differently, {d}.");
        if (c.OnlyInA.Count > 0) sb.AppendLine($"- Only in A (not compared): {string.Join(", ", c.OnlyInA)}.");
        if (c.OnlyInB.Count > 0) sb.AppendLine($"- Only in B (not compared): {string.Join(", ", c.OnlyInB)}.");
        sb.AppendLine($"- Each cell is B's median over seeds divided by A's; `*` marks a difference the seeds show (Welch's t-test, two-sided, at {Comparison.Alpha:P0}); " +
                      "with fewer than 2 seeds on a side nothing can be shown.");
        sb.AppendLine();
        if (c.Rows.Count == 0)
        {
            sb.AppendLine("The two sweeps have no configuration in common.");
            return sb.ToString();
        }
        if (withChart)
        {
            sb.AppendLine($"![{RatioChart.Caption(c)}](charts/{RatioChart.Name}.png)");
            sb.AppendLine();
            sb.AppendLine($"*{RatioChart.Caption(c)}* ([SVG](charts/{RatioChart.Name}.svg), [data](charts/{RatioChart.Name}.csv))");
            sb.AppendLine();
        }
        sb.Append("| distribution | checkpoint every | strategy | seeds A/B |");
        foreach (var m in SweepComparison.Metrics) sb.Append($" {m.Label} A | B/A |");
        sb.AppendLine();
        sb.Append("|---|---:|---|---:|");
        foreach (var _ in SweepComparison.Metrics) sb.Append("---:|---:|");
        sb.AppendLine();
        foreach (var r in c.Rows)
        {
            sb.Append($"| {r.Dist} | {r.CheckpointEvery} | {r.Strategy} | {r.SeedsA}/{r.SeedsB} |");
            foreach (var cell in r.Cells)
            {
                string ratio = double.IsFinite(cell.Ratio) ? cell.Ratio.ToString("F2", Ci) + "x" + (cell.Test.Significant ? "*" : "") : "-";
                sb.Append($" {Format(cell.MedianA)} | {ratio} |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static string Where(ReportData d) =>
        d.Meta is { } m ? $", {m.Host}, git `{(m.GitCommit.Length > 12 ? m.GitCommit[..12] : m.GitCommit)}`, {m.StartedUtc}" : "";

    private static string Format(double v) =>
        !double.IsFinite(v) ? "-" : Math.Abs(v) >= 100 ? v.ToString("F0", Ci) : v.ToString("0.###", Ci);
}

using System.Globalization;
using System.Text;

namespace TornPages.Harness.Reports.Charts;

/// <summary>
/// One chart of the report: it writes its data as a table next to a gnuplot script, so a reader can
/// re-plot or restyle it; <see cref="GnuplotRenderer"/> turns the script into PNG and SVG.
/// </summary>
public abstract class Chart
{
    /// <summary>File name stem: NAME.dat, NAME.gp, NAME.png, NAME.svg.</summary>
    public abstract string Name { get; }

    /// <summary>One sentence under the chart in report.md.</summary>
    public abstract string Caption(ReportData data);

    /// <summary>Writes the data file(s) and returns the gnuplot commands, or null when the results have nothing to show.</summary>
    public abstract string? Prepare(ReportData data, string chartDir);

    protected static string F(double v) => double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "NaN";

    protected static string Q(string s) => "\"" + s.Replace("\"", "'") + "\"";

    /// <summary>A table with a header row: the first column and one column per series.</summary>
    protected static void WriteTable(string path, string firstColumn, IReadOnlyList<string> series, IEnumerable<(string Key, double[] Values)> rows)
    {
        var sb = new StringBuilder();
        sb.Append(Q(firstColumn));
        foreach (var s in series) sb.Append(' ').Append(Q(s));
        sb.Append('\n');
        foreach (var (key, values) in rows)
        {
            sb.Append(key);
            foreach (var v in values) sb.Append(' ').Append(F(v));
            sb.Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Common settings: a title, a legend outside the plot, missing values skipped.</summary>
    protected static string Preamble(string title) =>
        $"set datafile missing 'NaN'\nset key outside right top\nset grid\nset title {Q(title)}\n";

    /// <summary>A log-2 x axis whose tics are exactly the checkpoint intervals of the sweep.</summary>
    protected static string IntervalAxis(ReportData d)
    {
        var v = d.CheckpointIntervals;
        return $"set logscale x 2\nset xrange [{F(v[0] / 1.5)}:{F(v[^1] * 1.5)}]\nset xtics ({string.Join(", ", v)})\n" +
               "set xlabel 'checkpoint every N transactions'\n";
    }

    /// <summary>"simulated", "wall" or "cpu": said in every axis label that carries a time.</summary>
    protected static string TimeLabel(ReportData data) => data.TimeBasis switch
    {
        "simulated" => "simulated device time",
        "cpu" => "CPU time only, no device time",
        _ => "wall-clock time",
    };
}

using ScottPlot;

namespace TornPages.Harness.Reports.Charts;

/// <summary>
/// How a strategy is drawn in every chart of a report: a colour, a marker and a line pattern, from its
/// place in the sweep. Strategies whose values coincide (none, dwb-*, shadow-* write the same WAL)
/// still differ in marker and pattern, so a line drawn over another stays visible at its points.
/// </summary>
public sealed record StrategyStyle(string Strategy, Color Color, MarkerShape Marker, LinePattern Pattern)
{
    private static readonly Color[] Colors =
        new[] { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22" }
            .Select(Color.FromHex).ToArray();

    private static readonly MarkerShape[] Markers =
        [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
         MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond, MarkerShape.Cross, MarkerShape.Eks];

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    public static StrategyStyle For(ReportData data, string strategy)
    {
        int i = Math.Max(0, data.Strategies.ToList().IndexOf(strategy));
        return new StrategyStyle(strategy, Colors[i % Colors.Length], Markers[i % Markers.Length], Patterns[i % Patterns.Length]);
    }

    public static IReadOnlyList<StrategyStyle> All(ReportData data) => data.Strategies.Select(s => For(data, s)).ToList();
}

using ScottPlot;
using TornPages.Harness.Reports.Rendering;

namespace TornPages.Harness.Reports.Charts;

/// <summary>The pieces every chart is built from: a labelled panel, axes of checkpoint intervals or categories, a line per strategy.</summary>
public static class Panel
{
    /// <summary>A panel with its title and both axis labels (every axis says what it counts and in which unit).</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        ChartFont.Install();
        var plot = new Plot();
        plot.Font.Set(ChartFont.Family);
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        // A legend only where LegendRight puts one: ScottPlot would otherwise draw one inside the data.
        plot.Legend.IsVisible = false;
        return plot;
    }

    /// <summary>A log-2 axis whose ticks are exactly <paramref name="values"/> (checkpoint intervals, client counts).</summary>
    public static void LogAxis(Plot plot, IReadOnlyList<int> values)
    {
        double[] positions = values.Select(v => Math.Log2(v)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, values.Select(v => v.ToString()).ToArray());
        plot.Axes.SetLimitsX(positions[0] - 0.35, positions[^1] + 0.35);
    }

    /// <summary>
    /// A strategy's small sideways offset on the interval axis, so that strategies with the same value
    /// (none, dwb-*, shadow-* write the same WAL) sit side by side instead of hiding each other.
    /// </summary>
    public static double Dodge(int index, int count) => 0.06 * (index - (count - 1) / 2.0);

    /// <summary>Categories at 0, 1, 2...; labels turned when they would not fit side by side in the panel.</summary>
    /// <param name="panelsInFigure">How many panels share the figure's width.</param>
    public static void CategoryAxis(Plot plot, IReadOnlyList<string> labels, int panelsInFigure = 1)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        plot.Axes.SetLimitsX(-0.6, labels.Count - 0.4);
        float available = 0.6f * Rendering.FigureRenderer.Width / panelsInFigure;
        if (labels.Sum(l => 7.5f * l.Length + 12) > available)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 30 + 4.5f * labels.Max(l => l.Length);
        }
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Grid.YAxisStyle.IsVisible = true;
    }

    /// <summary>The y axis from zero to a little above the largest value drawn (never negative counts, never a clipped top).</summary>
    public static void FromZero(Plot plot, double max) =>
        plot.Axes.SetLimitsY(0, max > 0 && double.IsFinite(max) ? max * 1.12 : 1);

    /// <summary>A line per strategy through its medians, with each median's 95% interval as an error bar.</summary>
    public static void Line(Plot plot, StrategyStyle style, IReadOnlyList<double> xs, IReadOnlyList<Estimate> ys)
    {
        var points = xs.Zip(ys).Where(p => double.IsFinite(p.Second.Median)).ToList();
        if (points.Count == 0) return;
        double[] x = points.Select(p => p.First).ToArray();
        double[] y = points.Select(p => p.Second.Median).ToArray();
        var line = plot.Add.Scatter(x, y, style.Color);
        line.LegendText = style.Strategy;
        line.LineWidth = 2;
        line.LinePattern = style.Pattern;
        line.MarkerShape = style.Marker;
        line.MarkerSize = 9;
        if (points.Any(p => p.Second.HasInterval && p.Second.Upper > p.Second.Lower))
        {
            var bars = plot.Add.ErrorBar(x, y, points.Select(p => Up(p.Second)).ToArray());
            bars.YErrorNegative = points.Select(p => Down(p.Second)).ToArray();
            bars.Color = style.Color;
            bars.LineWidth = 1.5f;
            bars.CapSize = 6;
        }
    }

    private static double Up(Estimate e) => e.HasInterval ? Math.Max(0, e.Upper - e.Median) : 0;
    private static double Down(Estimate e) => e.HasInterval ? Math.Max(0, e.Median - e.Lower) : 0;

    /// <summary>The legend beside the data, never over it.</summary>
    public static void LegendRight(Plot plot)
    {
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontName = ChartFont.Family;
        plot.Legend.FontSize = 12;
    }

    /// <summary>A legend of filled boxes (stacked bars), beside the data.</summary>
    public static void LegendRight(Plot plot, IEnumerable<(string Label, Color Color)> entries)
    {
        foreach (var (label, color) in entries)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        LegendRight(plot);
    }

    /// <summary>Stacked bars: one per category, segments bottom to top in the order of <paramref name="segments"/>.</summary>
    public static double StackedBars(Plot plot, IReadOnlyList<double[]> valuesPerCategory, IReadOnlyList<Color> segments)
    {
        var bars = new List<Bar>();
        double top = 0;
        for (int i = 0; i < valuesPerCategory.Count; i++)
        {
            double baseValue = 0;
            for (int k = 0; k < segments.Count; k++)
            {
                double v = valuesPerCategory[i][k];
                if (!(v > 0)) continue;
                bars.Add(new Bar { Position = i, ValueBase = baseValue, Value = baseValue + v, FillColor = segments[k], Size = 0.7, LineWidth = 0 });
                baseValue += v;
            }
            top = Math.Max(top, baseValue);
        }
        plot.Add.Bars(bars);
        return top;
    }
}

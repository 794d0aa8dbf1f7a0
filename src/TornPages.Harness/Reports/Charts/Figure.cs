using ScottPlot;

namespace TornPages.Harness.Reports.Charts;

/// <summary>What a chart draws: its panels, left to right, and the numbers they show as a table (NAME.csv).</summary>
public sealed class Figure
{
    public IReadOnlyList<Plot> Panels { get; }
    public ChartTable Data { get; }

    public Figure(IReadOnlyList<Plot> panels, ChartTable data)
    {
        if (panels.Count == 0) throw new ArgumentException("a figure needs at least one panel", nameof(panels));
        Panels = panels;
        Data = data;
    }

    public Figure(Plot panel, ChartTable data) : this([panel], data) { }
}

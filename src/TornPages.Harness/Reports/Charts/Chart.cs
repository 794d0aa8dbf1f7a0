namespace TornPages.Harness.Reports.Charts;

/// <summary>
/// One chart of the report. It builds its figure from the sweep's results; the report draws it
/// (<see cref="Rendering.FigureRenderer"/>) and writes its numbers beside it: NAME.png, NAME.svg, NAME.csv.
/// </summary>
public abstract class Chart
{
    /// <summary>File name stem.</summary>
    public abstract string Name { get; }

    /// <summary>One sentence under the chart in report.md.</summary>
    public abstract string Caption(ReportData data);

    /// <summary>The figure, or null when the results have nothing for this chart to show.</summary>
    public abstract Figure? Build(ReportData data);
}

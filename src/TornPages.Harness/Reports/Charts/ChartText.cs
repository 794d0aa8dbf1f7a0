namespace TornPages.Harness.Reports.Charts;

/// <summary>Words the charts share.</summary>
public static class ChartText
{
    /// <summary>"simulated", "wall" or "cpu": said in every axis label that carries a time.</summary>
    public static string Time(ReportData data) => data.TimeBasis switch
    {
        "simulated" => "simulated device time",
        "cpu" => "CPU time only, no device time",
        _ => "wall-clock time",
    };
}

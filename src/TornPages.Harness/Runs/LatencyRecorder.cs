using HdrHistogram;

namespace TornPages.Harness.Runs;

/// <summary>
/// Commit latencies in HdrHistograms (nanoseconds, 3 significant digits, up to an hour): one for the
/// whole run, one for the current timeseries interval.
/// </summary>
public sealed class LatencyRecorder
{
    private const long HighestNanoseconds = 3_600_000_000_000;
    private readonly LongHistogram _run = new(HighestNanoseconds, 3);
    private readonly LongHistogram _interval = new(HighestNanoseconds, 3);

    public void Record(double seconds)
    {
        long ns = Math.Clamp((long)Math.Round(seconds * 1e9), 0, HighestNanoseconds);
        _run.RecordValue(ns);
        _interval.RecordValue(ns);
    }

    public long Count => _run.TotalCount;

    /// <summary>The run's latency at <paramref name="percentile"/> (0..100), in ms; 0 when nothing was recorded.</summary>
    public double RunMs(double percentile) => Ms(_run, percentile);

    public double RunMaxMs => _run.TotalCount == 0 ? 0 : _run.GetMaxValue() / 1e6;

    /// <summary>The interval's latency at <paramref name="percentile"/>, in ms; then a new interval starts.</summary>
    public double TakeIntervalMs(double percentile)
    {
        double v = Ms(_interval, percentile);
        _interval.Reset();
        return v;
    }

    private static double Ms(LongHistogram h, double percentile) =>
        h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1e6;
}

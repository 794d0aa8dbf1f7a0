using System.Globalization;

namespace TornPages.Harness.Runs;

/// <summary>pgbench -P: every interval of the run's clock, the interval's throughput and its latency's mean and standard deviation.</summary>
public sealed class ProgressLines(double everySeconds)
{
    private double _lineAt;
    private long _n;
    private double _sum, _sumSquares;

    /// <summary>Adds a commit at run time <paramref name="t"/>; returns a line when an interval has ended.</summary>
    public string? Add(double t, double latencySeconds)
    {
        if (everySeconds <= 0) return null;
        _n++;
        _sum += latencySeconds;
        _sumSquares += latencySeconds * latencySeconds;
        if (t < _lineAt + everySeconds) return null;
        double mean = _sum / _n;
        double sd = Math.Sqrt(Math.Max(0, _sumSquares / _n - mean * mean));
        string line = string.Create(CultureInfo.InvariantCulture,
            $"progress: {t:F1} s, {_n / (t - _lineAt):F1} tps, lat {mean * 1000:F3} ms stddev {sd * 1000:F3}");
        (_lineAt, _n, _sum, _sumSquares) = (t, 0, 0, 0);
        return line;
    }
}

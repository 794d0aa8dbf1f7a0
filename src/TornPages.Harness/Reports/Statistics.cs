using Perfolizer;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.QuantileEstimators;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;

namespace TornPages.Harness.Reports;

/// <summary>A median over seeds with its 95% confidence interval (Harrell-Davis); a single seed has no interval.</summary>
public readonly record struct Estimate(double Median, double Lower, double Upper, int N)
{
    public bool HasInterval => N >= 2;
}

/// <summary>Whether two strategies differ on a metric: Welch's t-test at 5% (it can decide from 2-3 seeds, Mann-Whitney cannot below 4).</summary>
public readonly record struct Comparison(double WelchP, double MannWhitneyP, int N1, int N2)
{
    public const double Alpha = 0.05;
    public bool Significant => N1 >= 2 && N2 >= 2 && WelchP < Alpha;
}

public static class Statistics
{
    public static Estimate Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        if (values.Count == 1 || values.Distinct().Count() == 1) return new Estimate(values[0], values[0], values[0], values.Count);
        var sample = new Sample(values.ToArray());
        double median = HarrellDavisQuantileEstimator.Instance.Quantile(sample, Probability.Median);
        var ci = HarrellDavisQuantileEstimator.Instance.QuantileConfidenceIntervalEstimator(sample, Probability.Median)
            .ConfidenceInterval(ConfidenceLevel.L95);
        return new Estimate(median, ci.Lower, ci.Upper, values.Count);
    }

    public static Comparison Compare(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count < 2 || b.Count < 2) return new Comparison(double.NaN, double.NaN, a.Count, b.Count);
        if (a.Distinct().Count() == 1 && b.Distinct().Count() == 1)
            return new Comparison(a[0] == b[0] ? 1 : 0, a[0] == b[0] ? 1 : 0, a.Count, b.Count);
        var x = new Sample(a.ToArray());
        var y = new Sample(b.ToArray());
        double welch = WelchTest.Instance.Perform(x, y, AlternativeHypothesis.TwoSides, Threshold.Zero).PValue;
        double mw = MannWhitneyTest.Instance.Perform(x, y, AlternativeHypothesis.TwoSides, Threshold.Zero).PValue;
        return new Comparison(welch, mw, a.Count, b.Count);
    }
}

using System.Globalization;

namespace TornPages.Workloads;

/// <summary>
/// pgbench's random functions for the account key, with its exact algorithms and parameter limits:
/// <c>uniform</c>, <c>zipfian:S</c> (1.001 &lt;= S &lt;= 1000), <c>exponential:P</c> (P &gt; 0),
/// <c>gaussian:P</c> (P &gt;= 2). With <c>+permute</c> the drawn rank is scattered over the key range as
/// pgbench's <c>permute()</c> does, so hot keys do not sit together on a few pages.
/// </summary>
public sealed record KeyDistribution(string Kind, double Parameter, bool Permute)
{
    public const double MinZipfian = 1.001, MaxZipfian = 1000, MinGaussian = 2;

    public static KeyDistribution Uniform { get; } = new("uniform", 0, false);

    public override string ToString() =>
        (Kind == "uniform" ? Kind : $"{Kind}:{Parameter.ToString(CultureInfo.InvariantCulture)}") + (Permute ? "+permute" : "");

    /// <exception cref="ArgumentException">The text is not a distribution or its parameter is out of range.</exception>
    public static KeyDistribution Parse(string text)
    {
        string s = text.Trim();
        bool permute = s.EndsWith("+permute", StringComparison.Ordinal);
        if (permute) s = s[..^"+permute".Length];
        int colon = s.IndexOf(':');
        string kind = colon < 0 ? s : s[..colon];
        double p = 0;
        if (colon >= 0 && !double.TryParse(s[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out p))
            throw new ArgumentException($"distribution parameter in '{text}' is not a number");
        switch (kind)
        {
            case "uniform":
                if (colon >= 0) throw new ArgumentException("uniform takes no parameter");
                break;
            case "zipfian":
                if (colon < 0 || p < MinZipfian || p > MaxZipfian)
                    throw new ArgumentException($"zipfian parameter must be in [{MinZipfian}, {MaxZipfian}] (as in pgbench), not '{(colon < 0 ? "missing" : s[(colon + 1)..])}'");
                break;
            case "exponential":
                if (colon < 0 || !(p > 0))
                    throw new ArgumentException("exponential parameter must be greater than 0 (as in pgbench)");
                break;
            case "gaussian":
                if (colon < 0 || p < MinGaussian)
                    throw new ArgumentException($"gaussian parameter must be at least {MinGaussian} (as in pgbench)");
                break;
            default:
                throw new ArgumentException($"unknown distribution '{kind}' (known: uniform, zipfian:S, exponential:P, gaussian:P, each optionally +permute)");
        }
        return new KeyDistribution(kind, p, permute);
    }

    /// <summary>A key in [min, max].</summary>
    public long Next(ref PgPrng rng, long min, long max, long permuteSeed)
    {
        long v = Kind switch
        {
            "uniform" => rng.Range(min, max),
            "exponential" => Exponential(ref rng, min, max, Parameter),
            "gaussian" => Gaussian(ref rng, min, max, Parameter),
            "zipfian" => min - 1 + IterativeZipfian(ref rng, max - min + 1, Parameter),
            _ => throw new InvalidOperationException(Kind),
        };
        return Permute ? min + Permutation.Permute(v - min, max - min + 1, permuteSeed) : v;
    }

    private static long Exponential(ref PgPrng rng, long min, long max, double p)
    {
        double cut = Math.Exp(-p);
        double uniform = 1.0 - rng.NextDouble();
        double rand = -Math.Log(cut + (1.0 - cut) * uniform) / p;
        return min + (long)((max - min + 1) * rand);
    }

    private static long Gaussian(ref PgPrng rng, long min, long max, double p)
    {
        double stdev;
        do stdev = rng.NextNormal();
        while (stdev < -p || stdev >= p);
        double rand = (stdev + p) / (p * 2.0);
        return min + (long)((max - min + 1) * rand);
    }

    /// <summary>Devroye's rejection method, as pgbench's computeIterativeZipfian.</summary>
    private static long IterativeZipfian(ref PgPrng rng, long n, double s)
    {
        if (n <= 1) return 1;
        double b = Math.Pow(2.0, s - 1.0);
        while (true)
        {
            double u = rng.NextDouble(), v = rng.NextDouble();
            double x = Math.Floor(Math.Pow(u, -1.0 / (s - 1.0)));
            double t = Math.Pow(1.0 + 1.0 / x, s - 1.0);
            if (v * x * (t - 1.0) / (b - 1.0) <= t / b && x <= n) return (long)x;
        }
    }
}

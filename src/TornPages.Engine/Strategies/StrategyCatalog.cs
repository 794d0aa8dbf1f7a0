using System.Globalization;
using TornPages.Engine.Files;

namespace TornPages.Engine.Strategies;

/// <summary>Every strategy by the name users select it with.</summary>
public static class StrategyCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["none", "fpw", "dwb-small", "dwb-large", "shadow-8k", "shadow-64m", "lp-logged"];

    /// <summary>The names with their parameter forms, for help texts.</summary>
    public const string Help = "none, fpw, dwb-small[:B], dwb-large, shadow:G (G = 8k..64m, presets shadow-8k and shadow-64m), lp-logged";

    private static readonly Func<RelKind, ReplayRule> ByLsn = _ => ReplayRule.WhenPageIsOlder;

    /// <exception cref="ArgumentException">Unknown name or bad parameter.</exception>
    public static ITornPageStrategy Parse(string spec)
    {
        string name = spec, arg = "";
        int colon = spec.IndexOf(':');
        if (colon >= 0)
        {
            name = spec[..colon];
            arg = spec[(colon + 1)..];
        }
        switch (name)
        {
            case "none" when arg == "":
                return new ComposedStrategy("none", "", new NoImages(), ByLsn, s => new InPlaceWritePath(s));
            case "fpw" when arg == "":
                return new ComposedStrategy("fpw", "", new FirstChangeAfterRedo(), ByLsn, s => new InPlaceWritePath(s));
            case "dwb-small":
            {
                int batch = arg == "" ? 32 : ParseInt(arg, spec);
                if (batch is < 1 or > 512) throw new ArgumentException($"dwb-small batch must be 1..512 pages, not {batch}");
                return new ComposedStrategy("dwb-small", $"batch={batch}", new NoImages(), ByLsn, s => new DoubleWriteSmallPath(s, batch));
            }
            case "dwb-large" when arg == "":
                return new ComposedStrategy("dwb-large", "", new NoImages(), ByLsn, s => new DoubleWriteCyclePath(s));
            case "shadow-8k" when arg == "":
                return Shadow("8k", spec);
            case "shadow-64m" when arg == "":
                return Shadow("64m", spec);
            case "shadow" when arg != "":
                return Shadow(arg, spec);
            case "lp-logged" when arg == "":
                return new ComposedStrategy("lp-logged", "", new LinePointerImages(),
                    kind => kind == RelKind.Heap ? ReplayRule.Always : ReplayRule.WhenPageIsOlder, s => new InPlaceWritePath(s));
        }
        throw new ArgumentException($"unknown strategy '{spec}' (known: {Help})");
    }

    private static ITornPageStrategy Shadow(string unit, string spec)
    {
        long bytes = ParseSize(unit, spec);
        string name = bytes switch { 8192 => "shadow-8k", 64L << 20 => "shadow-64m", _ => "shadow" };
        return new ComposedStrategy(name, $"unit={bytes}", new NoImages(), ByLsn, s => new ShadowPath(s, bytes));
    }

    /// <summary>A size such as 8k, 64m or 65536.</summary>
    public static long ParseSize(string s, string spec)
    {
        long mult = 1;
        string digits = s.ToLowerInvariant();
        if (digits.EndsWith('k')) { mult = 1024; digits = digits[..^1]; }
        else if (digits.EndsWith('m')) { mult = 1 << 20; digits = digits[..^1]; }
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v > 0
            ? v * mult
            : throw new ArgumentException($"bad size '{s}' in strategy '{spec}'");
    }

    private static int ParseInt(string s, string spec) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException($"bad parameter in strategy '{spec}'");
}

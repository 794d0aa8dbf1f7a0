using System.Globalization;
using TornPages.Engine.Files;
using TornPages.Engine.Wal;

namespace TornPages.Engine.Strategies;

/// <summary>
/// Every strategy by the name users select it with, in one table: the CLI's help and defaults, the
/// sweep presets and the crash trials all read it, and a spec (<c>name</c> or <c>name:argument</c>)
/// is parsed here alone. Adding a strategy is one row here plus its own types.
/// </summary>
public static class StrategyCatalog
{
    /// <summary>
    /// One selectable strategy. <see cref="Form"/> is its spelling in help texts; <see cref="Make"/>
    /// receives the argument after the colon ("" when there is none) and the whole spec for errors.
    /// A preset (<see cref="Listed"/>) is part of every "all strategies" list; a parameterised family is not.
    /// </summary>
    private sealed record Entry(string Name, string Form, bool Listed, Func<string, string, ITornPageStrategy> Make);

    private static readonly Func<RelKind, ReplayRule> ByLsn = _ => ReplayRule.WhenPageIsOlder;

    private static readonly Entry[] Entries =
    [
        new("none", "none", true, (arg, spec) => NoArgument(arg, spec,
            () => new ComposedStrategy("none", "", new NoImages(), ByLsn, s => new InPlaceWritePath(s)))),
        new("fpw", "fpw[:lz4|zstd]", true, (arg, spec) =>
        {
            // wal_compression: the images compressed; recovery reads either kind, so the name stays fpw.
            var compression = arg switch
            {
                "" => ImageCompression.None,
                "lz4" => ImageCompression.Lz4,
                "zstd" => ImageCompression.Zstd,
                _ => throw new ArgumentException($"fpw compresses its images with lz4 or zstd, not '{arg}' (in '{spec}')"),
            };
            return new ComposedStrategy("fpw", compression == ImageCompression.None ? "" : $"compression={arg}",
                new FirstChangeAfterRedo(), ByLsn, s => new InPlaceWritePath(s), compression);
        }),
        new("fpw-super", "fpw-super:K", false, (arg, spec) =>
        {
            // Seed 003's super-checkpoint: images once per K checkpoints, WAL kept back to the cycle's start.
            int k = arg != "" ? ParseInt(arg, spec) : throw new ArgumentException($"strategy '{spec}' needs the checkpoints per image cycle, as fpw-super:4");
            if (k is < 1 or > MaxSuperCycle) throw new ArgumentException($"fpw-super takes 1..{MaxSuperCycle} checkpoints per image cycle, not {k}");
            return new ComposedStrategy("fpw-super", $"cycle={k}", new FirstChangeAfterRedo(), ByLsn, s => new InPlaceWritePath(s), checkpointsPerImageCycle: k);
        }),
        new("dwb-small", "dwb-small[:B]", true, (arg, spec) =>
        {
            int batch = arg == "" ? DefaultDwbBatch : ParseInt(arg, spec);
            if (batch is < 1 or > MaxDwbBatch) throw new ArgumentException($"dwb-small batch must be 1..{MaxDwbBatch} pages, not {batch}");
            return new ComposedStrategy("dwb-small", $"batch={batch}", new NoImages(), ByLsn, s => new DoubleWriteSmallPath(s, batch));
        }),
        new("dwb-large", "dwb-large[:K]", true, (arg, spec) =>
        {
            // K > 1: the copies survive K checkpoints (seed 003), the WAL kept back to their cycle's start.
            int k = arg == "" ? 1 : ParseInt(arg, spec);
            if (k is < 1 or > MaxSuperCycle) throw new ArgumentException($"dwb-large keeps its copies for 1..{MaxSuperCycle} checkpoints, not {k}");
            return new ComposedStrategy("dwb-large", k == 1 ? "" : $"cycle={k}", new NoImages(), ByLsn, s => new DoubleWriteCyclePath(s), checkpointsPerImageCycle: k);
        }),
        new("shadow-8k", "shadow-8k", true, (arg, spec) => NoArgument(arg, spec, () => Shadow("8k", spec))),
        new("shadow-64m", "shadow-64m", true, (arg, spec) => NoArgument(arg, spec, () => Shadow("64m", spec))),
        new("shadow", "shadow:G (G = 8k..64m)", false, (arg, spec) =>
            arg != "" ? Shadow(arg, spec) : throw new ArgumentException($"strategy '{spec}' needs a unit size, as shadow:1m")),
        new("lp-logged", "lp-logged", true, (arg, spec) => NoArgument(arg, spec,
            () => new ComposedStrategy("lp-logged", "", new LinePointerImages(),
                kind => kind == RelKind.Heap ? ReplayRule.Always : ReplayRule.WhenPageIsOlder, s => new InPlaceWritePath(s)))),
    ];

    /// <summary>The batch when none is given: the "small" buffer, one write-and-sync pair of the double-write file per 32 pages.</summary>
    public const int DefaultDwbBatch = 32;

    /// <summary>A batch's slots must all be named on its one header page (DoubleWriteBatchHeader.MaxSlots: 1021 at 8 KB, 509 at 4 KB); the write path refuses a batch its page size cannot name.</summary>
    public const int MaxDwbBatch = 512;

    /// <summary>The longest cycle fpw-super and dwb-large take, in checkpoints: beyond it the WAL kept for repairs outgrows any use.</summary>
    public const int MaxSuperCycle = 64;

    /// <summary>The presets, in the order reports list them: what "every strategy" means.</summary>
    public static IReadOnlyList<string> Names { get; } = Entries.Where(e => e.Listed).Select(e => e.Name).ToArray();

    /// <summary>The names with their parameter forms, for help texts.</summary>
    public static string Help { get; } = string.Join(", ", Entries.Select(e => e.Form));

    /// <exception cref="ArgumentException">Unknown name or bad parameter.</exception>
    public static ITornPageStrategy Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        string name = colon < 0 ? spec : spec[..colon], arg = colon < 0 ? "" : spec[(colon + 1)..];
        var entry = Array.Find(Entries, e => e.Name == name) ?? throw new ArgumentException($"unknown strategy '{spec}' (known: {Help})");
        return entry.Make(arg, spec);
    }

    private static ITornPageStrategy NoArgument(string arg, string spec, Func<ITornPageStrategy> make) =>
        arg == "" ? make() : throw new ArgumentException($"strategy '{spec}' takes no parameter (known: {Help})");

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

namespace TornPages.Workloads;

/// <summary>pgbench's built-in scripts.</summary>
public enum Script
{
    TpcbLike,
    SimpleUpdate,
    SelectOnly,
}

public static class Scripts
{
    public static readonly string[] Names = ["tpcb-like", "simple-update", "select-only"];

    public static Script Parse(string name) => name switch
    {
        "tpcb-like" => Script.TpcbLike,
        "simple-update" => Script.SimpleUpdate,
        "select-only" => Script.SelectOnly,
        _ => throw new ArgumentException($"unknown script '{name}' (known: {string.Join(", ", Names)})"),
    };

    public static string Name(this Script s) => Names[(int)s];

    public static bool Writes(this Script s) => s != Script.SelectOnly;
}

/// <summary>The random values of one transaction, drawn as pgbench's script draws them.</summary>
public readonly record struct TransactionSpec(int Aid, int Bid, int Tid, int Delta);

/// <summary>The deterministic stream of transactions for a seed: transaction i is the same in every run.</summary>
public sealed class TransactionStream(Scale scale, KeyDistribution aidDistribution, ulong seed)
{
    private PgPrng _rng = new(seed);
    private readonly long _permuteSeed = (long)(seed * 0x9E3779B97F4A7C15UL);

    public TransactionSpec Next()
    {
        // \set aid random(1, 100000 * :scale)   (with the chosen distribution)
        // \set bid random(1, 1 * :scale)
        // \set tid random(1, 10 * :scale)
        // \set delta random(-5000, 5000)
        int aid = (int)aidDistribution.Next(ref _rng, 1, scale.Accounts, _permuteSeed);
        int bid = (int)_rng.Range(1, scale.Branches);
        int tid = (int)_rng.Range(1, scale.Tellers);
        int delta = (int)_rng.Range(-5000, 5000);
        return new TransactionSpec(aid, bid, tid, delta);
    }

    public static TransactionSpec[] Take(Scale scale, KeyDistribution d, ulong seed, int count)
    {
        var s = new TransactionStream(scale, d, seed);
        var a = new TransactionSpec[count];
        for (int i = 0; i < count; i++) a[i] = s.Next();
        return a;
    }
}

namespace TornPages.Harness.Sweeps;

/// <summary>Shard i of n (1-based): the runs whose position in the sweep's fixed order is i-1 modulo n.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public static Shard All => new(1, 1);

    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n) || n < 1 || i < 1 || i > n)
            throw new ArgumentException($"--shard must be i/n with 1 <= i <= n, not '{text}'");
        return new Shard(i, n);
    }

    public bool Includes(int position) => position % Count == Index - 1;

    public override string ToString() => $"{Index}/{Count}";
}

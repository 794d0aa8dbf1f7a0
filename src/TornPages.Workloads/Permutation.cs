using System.Numerics;

namespace TornPages.Workloads;

/// <summary>pgbench's permute(): a seeded pseudorandom bijection of [0, size).</summary>
public static class Permutation
{
    public static long Permute(long value, long size, long seed)
    {
        if (size < 2) return 0;
        var rng = new PgPrng((ulong)seed);
        ulong n = (ulong)size;
        ulong v = (ulong)value % n;
        int masklen = 63 - BitOperations.LeadingZeroCount(n);
        ulong mask = (1UL << masklen) - 1;
        for (int i = 0; i < 6; i++)
        {
            ulong m = (rng.NextUInt64() & mask) | 1;
            ulong r = rng.NextUInt64() & mask;
            if (v <= mask)
            {
                v = ((v * m) ^ r) & mask;
                v = ((v << 1) & mask) | (v >> (masklen - 1));
            }
            m = (rng.NextUInt64() & mask) | 1;
            r = rng.NextUInt64() & mask;
            ulong t = n - 1 - v;
            if (t <= mask)
            {
                t = ((t * m) ^ r) & mask;
                t = ((t << 1) & mask) | (t >> (masklen - 1));
                v = n - 1 - t;
            }
            r = (ulong)rng.Range(0, (long)n - 1);
            v = (v + r) % n;
        }
        return (long)v;
    }
}

using System.Numerics;

namespace TornPages.Workloads;

/// <summary>PostgreSQL's pg_prng: xoroshiro128** seeded through splitmix64, with its range and double helpers.</summary>
public struct PgPrng
{
    private ulong _s0, _s1;

    public PgPrng(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        if ((_s0 | _s1) == 0) _s0 = 1;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong v = state += 0x9E3779B97F4A7C15UL;
        v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9UL;
        v = (v ^ (v >> 27)) * 0x94D049BB133111EBUL;
        return v ^ (v >> 31);
    }

    public ulong NextUInt64()
    {
        ulong s0 = _s0, sx = _s1 ^ s0;
        ulong val = BitOperations.RotateLeft(s0 * 5, 7) * 9;
        _s0 = BitOperations.RotateLeft(s0, 24) ^ sx ^ (sx << 16);
        _s1 = BitOperations.RotateLeft(sx, 37);
        return val;
    }

    /// <summary>Uniform in [min, max], by rejection on the smallest covering bit mask (pg_prng_uint64_range).</summary>
    public long Range(long min, long max)
    {
        if (min >= max) return min;
        ulong range = (ulong)(max - min);
        int shift = 63 - (63 - BitOperations.LeadingZeroCount(range));
        ulong v;
        do v = NextUInt64() >> shift;
        while (v > range);
        return min + (long)v;
    }

    /// <summary>Uniform in [0, 1) with 52 random bits (pg_prng_double).</summary>
    public double NextDouble() => Math.ScaleB((double)(NextUInt64() >> 12), -52);

    /// <summary>Standard normal by Box-Muller (pg_prng_double_normal).</summary>
    public double NextNormal()
    {
        double u1 = NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Sin(2.0 * Math.PI * u2);
    }
}

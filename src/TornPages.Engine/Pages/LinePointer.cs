using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TornPages.Engine.Pages;

/// <summary>State of a line pointer, as PostgreSQL's lp_flags.</summary>
public enum LpState : byte
{
    /// <summary>Free for reuse; no index entry points at it.</summary>
    Unused = 0,
    /// <summary>Points at a tuple: offset and length are valid.</summary>
    Normal = 1,
    /// <summary>A pruned HOT chain's root: offset holds the line-pointer index of the chain's live member.</summary>
    Redirect = 2,
    /// <summary>A dead tuple whose storage was reclaimed; index entries may still point here until vacuum.</summary>
    Dead = 3,
}

/// <summary>
/// A 4-byte line pointer packed as in PostgreSQL: bits 0-14 offset, 15-16 state, 17-31 length.
/// Line pointer i lives at <c>PageHeader.Size + 4 * i</c>.
/// </summary>
public readonly record struct LinePointer(int Offset, LpState State, int Length)
{
    public const int Size = 4;

    public static int Position(int index) => PageHeader.Size + Size * index;

    public static int Count(ReadOnlySpan<byte> page) => (PageHeader.Of(page).Lower - PageHeader.Size) / Size;

    public static LinePointer Get(ReadOnlySpan<byte> page, int index)
    {
        uint v = Raw(page, index);
        return new LinePointer(OffsetOf(v), StateOf(v), LengthOf(v));
    }

    /// <summary>The packed 32-bit word of line pointer <paramref name="index"/>, for loops that look at one field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Raw(ReadOnlySpan<byte> page, int index)
    {
        int at = Position(index);
        if ((uint)at > (uint)(page.Length - Size)) PastThePage(index);
        uint v = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref MemoryMarshal.GetReference(page), at));
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [DoesNotReturn]
    private static void PastThePage(int index) => throw new ArgumentOutOfRangeException(nameof(index), $"line pointer {index} is past the page");

    public static LpState StateOf(uint raw) => (LpState)((raw >> 15) & 3);
    public static int OffsetOf(uint raw) => (int)(raw & OffsetMask);
    public static int LengthOf(uint raw) => (int)(raw >> 17);

    /// <summary>The offset's bits (0-14) of a raw pointer.</summary>
    public const uint OffsetMask = 0x7FFF;

    /// <summary>
    /// The page's <paramref name="count"/> pointers as words as stored (little-endian), for loops that
    /// read or rewrite every one; each goes through <see cref="FromLittleEndian"/> both ways.
    /// </summary>
    public static Span<uint> Words(Span<byte> page, int count) => MemoryMarshal.Cast<byte, uint>(page.Slice(PageHeader.Size, count * Size));

    /// <inheritdoc cref="Words(Span{byte}, int)"/>
    public static ReadOnlySpan<uint> Words(ReadOnlySpan<byte> page, int count) => MemoryMarshal.Cast<byte, uint>(page.Slice(PageHeader.Size, count * Size));

    /// <summary>A stored pointer word as a raw pointer, or back (the same swap both ways; none on a little-endian machine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint FromLittleEndian(uint word) => BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);

    /// <summary>The first of the page's <paramref name="count"/> pointers that is unused, or <paramref name="count"/> when none is.</summary>
    public static int FirstUnused(ReadOnlySpan<byte> page, int count) => NextInState(page, count, 0, LpState.Unused);

    /// <summary>The first of the page's <paramref name="count"/> pointers from <paramref name="from"/> on in <paramref name="state"/>, or <paramref name="count"/> when none is.</summary>
    public static int NextInState(ReadOnlySpan<byte> page, int count, int from, LpState state)
    {
        // Every insert and update looks for a reusable pointer on its page (a branch page at scale 1
        // holds about 200): 32 are tested at a time.
        var words = Words(page, count);
        for (int b = from; b < count; b += 32)
        {
            uint hits = InState(words, b, state);
            if (hits != 0) return b + BitOperations.TrailingZeroCount(hits);
        }
        return count;
    }

    /// <summary>
    /// Which of the up to 32 pointers from <paramref name="from"/> are in <paramref name="state"/>, as
    /// bits (bit k for pointer from + k): a loop over the set bits visits them with no branch to
    /// mispredict per pointer, where redirects and tuples alternate at random on a pruned page.
    /// </summary>
    public static uint InState(ReadOnlySpan<uint> words, int from, LpState state)
    {
        uint wanted = (uint)state << 15, bits = 0;
        int end = Math.Min(words.Length, from + 32), i = from;
        if (BitConverter.IsLittleEndian && Vector256.IsHardwareAccelerated)
        {
            var mask = Vector256.Create(StateMask);
            var target = Vector256.Create(wanted);
            for (; i + Vector256<uint>.Count <= end; i += Vector256<uint>.Count)
                bits |= Vector256.Equals(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(words), (nuint)i) & mask, target).ExtractMostSignificantBits() << (i - from);
        }
        for (; i < end; i++)
            bits |= ((FromLittleEndian(words[i]) & StateMask) == wanted ? 1u : 0u) << (i - from);
        return bits;
    }

    /// <summary>The state's two bits; both zero is <see cref="LpState.Unused"/>.</summary>
    private const uint StateMask = 3u << 15;

    public static void Set(Span<byte> page, int index, LinePointer lp)
    {
        uint v = ((uint)lp.Offset & OffsetMask) | ((uint)lp.State << 15) | ((uint)lp.Length << 17);
        BinaryPrimitives.WriteUInt32LittleEndian(page[Position(index)..], v);
    }
}

using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        return new LinePointer(OffsetOf(v), StateOf(v), (int)(v >> 17));
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
    public static int OffsetOf(uint raw) => (int)(raw & 0x7FFF);

    /// <summary>The first of the page's <paramref name="count"/> pointers that is unused, or <paramref name="count"/> when none is.</summary>
    public static int FirstUnused(ReadOnlySpan<byte> page, int count)
    {
        var words = MemoryMarshal.Cast<byte, uint>(page.Slice(PageHeader.Size, count * Size));
        for (int i = 0; i < words.Length; i++)
        {
            uint v = BitConverter.IsLittleEndian ? words[i] : BinaryPrimitives.ReverseEndianness(words[i]);
            if (((v >> 15) & 3) == (uint)LpState.Unused) return i;
        }
        return count;
    }

    public static void Set(Span<byte> page, int index, LinePointer lp)
    {
        uint v = (uint)(lp.Offset & 0x7FFF) | ((uint)lp.State << 15) | ((uint)lp.Length << 17);
        BinaryPrimitives.WriteUInt32LittleEndian(page[Position(index)..], v);
    }
}

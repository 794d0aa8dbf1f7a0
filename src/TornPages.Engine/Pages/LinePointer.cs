using System.Buffers.Binary;

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
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(page[Position(index)..]);
        return new LinePointer((int)(v & 0x7FFF), (LpState)((v >> 15) & 3), (int)(v >> 17));
    }

    public static void Set(Span<byte> page, int index, LinePointer lp)
    {
        uint v = (uint)(lp.Offset & 0x7FFF) | ((uint)lp.State << 15) | ((uint)lp.Length << 17);
        BinaryPrimitives.WriteUInt32LittleEndian(page[Position(index)..], v);
    }
}

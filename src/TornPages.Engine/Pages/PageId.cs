using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TornPages.Engine.Pages;

/// <summary>
/// The name of a page: relation and block number. Also its on-disk form wherever a file names a
/// page (double-write slots and entries), 8 bytes, the same bytes as the little-endian
/// <see cref="Tag"/>:
/// <code>
///  0        4     5           8
///  +--------+-----+-----------+
///  | block  | rel | zero      |
///  +--------+-----+-----------+
/// </code>
/// Ordered by relation, then block; equal, hashed and ordered through <see cref="Tag"/> alone.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public readonly struct PageId : IEquatable<PageId>, IComparable<PageId>
{
    public const int Size = 8;

    [FieldOffset(0)] public readonly uint Block;
    [FieldOffset(4)] public readonly byte Rel;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PageId(byte rel, uint block)
    {
        this = default;
        Rel = rel;
        Block = block;
    }

    /// <summary>Relation in bits 32-39, block in bits 0-31: one long that orders as the page ids do.</summary>
    public long Tag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ((long)Rel << 32) | Block;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PageId FromTag(long tag) => new((byte)(tag >> 32), (uint)tag);

    public bool Equals(PageId other) => Tag == other.Tag;
    public override bool Equals(object? obj) => obj is PageId p && Equals(p);
    public override int GetHashCode() => Tag.GetHashCode();
    public int CompareTo(PageId other) => Tag.CompareTo(other.Tag);
    public static bool operator ==(PageId a, PageId b) => a.Tag == b.Tag;
    public static bool operator !=(PageId a, PageId b) => a.Tag != b.Tag;
    public void Deconstruct(out byte rel, out uint block) => (rel, block) = (Rel, Block);
    public override string ToString() => $"{Rel}/{Block}";
}

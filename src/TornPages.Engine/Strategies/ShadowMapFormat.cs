using System.Runtime.InteropServices;

namespace TornPages.Engine.Strategies;

/// <summary>
/// The head of a shadow map file (<c>map_0</c> or <c>map_1</c>, <see cref="ShadowPath"/>): one
/// map, for every relation which physical unit holds each logical unit.
/// <code>
///  0       4            12       16          20
///  +-------+------------+--------+-----------+----------------------------------------+-----+
///  | magic | generation | length | relations | ShadowMapEntry + units x 4 bytes, each  | crc |
///  +-------+------------+--------+-----------+----------------------------------------+-----+
/// </code>
/// length is the whole map's, crc included; crc is CRC32C of everything before it. The generation
/// is the one the control file names: a map left from another checkpoint does not match.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct ShadowMapHeader
{
    public const int Size = 20;
    public const uint MagicValue = 0x50414D53; // "SMAP"
    public const int CrcSize = sizeof(uint);
    /// <summary>The shortest valid map: a header and a crc, no relation.</summary>
    public const int MinLength = Size + CrcSize;

    [FieldOffset(0)] public uint Magic;
    [FieldOffset(4)] public ulong Generation;
    [FieldOffset(12)] public int Length;
    [FieldOffset(16)] public int Relations;
}

/// <summary>
/// One relation's part of a shadow map: its logical size, then <see cref="Units"/> physical unit
/// numbers (4 bytes each, <see cref="ShadowMapEntry.Unmapped"/> for a unit never written).
/// <code>
///  0                4       8
///  +----------------+-------+----------------------------------+
///  | logical blocks | units | physical unit x units            |
///  +----------------+-------+----------------------------------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct ShadowMapEntry
{
    public const int Size = 8;
    public const uint Unmapped = uint.MaxValue;

    [FieldOffset(0)] public uint Blocks;
    [FieldOffset(4)] public int Units;

    /// <summary>The bytes of an entry with <paramref name="units"/> units.</summary>
    public static int Length(int units) => Size + sizeof(uint) * units;
}

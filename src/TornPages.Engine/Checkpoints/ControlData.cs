using System.Runtime.InteropServices;
using System.Text;

namespace TornPages.Engine.Checkpoints;

/// <summary>
/// The contents of one control-file slot: where recovery starts. 128 bytes at the start of a 4 KB
/// slot, so that one slot never shares a sector with the other at either sector size.
/// <code>
///  0      4        8            16              24          32        36      38        40
///  +------+--------+------------+---------------+-----------+---------+-------+---------+
///  | magic| version| generation | checkpoint LSN| redo LSN  | next xid| epoch | pagesize|
///  +------+--------+------------+---------------+-----------+---------+-------+---------+
///  40                48                56               88                              124   128
///  +-----------------+-----------------+----------------+-------------------------------+-----+
///  | strategy state 0| strategy state 1| strategy name  | reserved                      | crc |
///  +-----------------+-----------------+----------------+-------------------------------+-----+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct ControlData
{
    public const int Size = 128;
    public const uint MagicValue = 0x4C525443; // "CTRL"
    public const int CrcOffset = 124;

    [FieldOffset(0)] public uint Magic;
    [FieldOffset(4)] public uint Version;
    [FieldOffset(8)] public ulong Generation;
    [FieldOffset(16)] public ulong CheckpointLsn;
    [FieldOffset(24)] public ulong RedoLsn;
    [FieldOffset(32)] public uint NextXid;
    [FieldOffset(36)] public ushort Epoch;
    [FieldOffset(38)] public ushort PageSize;
    [FieldOffset(40)] public ulong StrategyState0;
    [FieldOffset(48)] public ulong StrategyState1;
    [FieldOffset(56)] private StrategyNameBuffer _strategy;
    [FieldOffset(124)] public uint Crc;

    public string Strategy
    {
        readonly get
        {
            ReadOnlySpan<byte> s = _strategy;
            int n = s.IndexOf((byte)0);
            return Encoding.ASCII.GetString(n < 0 ? s : s[..n]);
        }
        set
        {
            Span<byte> s = _strategy;
            s.Clear();
            Encoding.ASCII.GetBytes(value.AsSpan(0, Math.Min(value.Length, s.Length)), s);
        }
    }

    [System.Runtime.CompilerServices.InlineArray(32)]
    private struct StrategyNameBuffer
    {
        private byte _b;
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace TornPages.Engine.Checkpoints;

/// <summary>
/// The contents of one control-file slot: where recovery starts. 160 bytes at the start of a 4 KB
/// slot, so that one slot never shares a sector with the other at either sector size.
/// <code>
///  0      4        8            16              24          32        36      38        40
///  +------+--------+------------+---------------+-----------+---------+-------+---------+
///  | magic| version| generation | checkpoint LSN| redo LSN  | next xid| epoch | pagesize|
///  +------+--------+------------+---------------+-----------+---------+-------+---------+
///  40                48                56               88                               120        124       128
///  +-----------------+-----------------+----------------+--------------------------------+----------+---------+
///  | strategy state 0| strategy state 1| strategy name  | data file blocks (8 x uint)    | recorded | (zero)  |
///  +-----------------+-----------------+----------------+--------------------------------+----------+---------+
///  128               136                     140            156   160
///  +-----------------+-----------------------+--------------+-----+
///  | image cycle LSN | checkpoints in cycle  | (zero)       | crc |
///  +-----------------+-----------------------+--------------+-----+
/// </code>
/// The data file blocks are each relation's file length in pages when the checkpoint had synced
/// them (relations 0 to <see cref="MaxRecordedFiles"/> - 1; "recorded" says how many): files only
/// grow, so one shorter than that at open was truncated. A slot from before them records none.
/// The image cycle LSN is the redo point of the checkpoint that started the current cycle of page
/// images (every checkpoint does, except under fpw-super:K, where every K-th does): WAL is kept from
/// there, and recovery finds a torn page's last image between it and the redo point.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct ControlData
{
    public const int Size = 160;
    public const uint MagicValue = 0x4C525443; // "CTRL"
    /// <summary>The slot layout's version (2: the image cycle); a slot of another version is not read.</summary>
    public const uint CurrentVersion = 2;
    public const int CrcOffset = 156;

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
    [FieldOffset(88)] private FileBlocksBuffer _fileBlocks;
    [FieldOffset(120)] public uint RecordedFiles;
    [FieldOffset(128)] public ulong ImageCycleLsn;
    [FieldOffset(136)] public uint CheckpointsInCycle;
    [FieldOffset(156)] public uint Crc;

    /// <summary>How many relations' file lengths a slot has room for (the pgbench schema has 8).</summary>
    public const int MaxRecordedFiles = 8;

    public readonly uint FileBlocks(int relation) => _fileBlocks[relation];

    public void SetFileBlocks(int relation, uint blocks) => _fileBlocks[relation] = blocks;

    [System.Runtime.CompilerServices.InlineArray(MaxRecordedFiles)]
    private struct FileBlocksBuffer
    {
        private uint _blocks;
    }

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

using System.Runtime.InteropServices;

namespace TornPages.Engine.Wal;

// The main data of the records that carry one (after the block references, see WalRecordHeader).
// Heap and index records carry none: everything they change is in their blocks' page ops.

/// <summary>
/// <see cref="RecordType.Commit"/>: the workload's sequence number of the committed transaction
/// (what the crash oracle checks against), as PostgreSQL's commit record carries its timestamp.
/// <code>
///  0          8
///  +----------+
///  | sequence |
///  +----------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct CommitData
{
    public const int Size = 8;
    [FieldOffset(0)] public ulong Sequence;
}

/// <summary>
/// <see cref="RecordType.RunningXacts"/>: the transactions running when a checkpoint ends, as
/// PostgreSQL's xl_running_xacts (no subtransactions here), followed by their xids (4 bytes each).
/// <code>
///  0      4         8                 9     12         16                   20                     24
///  +------+---------+-----------------+-----+----------+--------------------+----------------------+----------------+
///  | xcnt | subxcnt | subxid overflow | pad | next xid | oldest running xid | latest completed xid | xid x xcnt ... |
///  +------+---------+-----------------+-----+----------+--------------------+----------------------+----------------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct RunningXactsData
{
    public const int Size = 24;
    [FieldOffset(0)] public uint Xcnt;
    [FieldOffset(4)] public uint SubXcnt;
    [FieldOffset(8)] public byte SubxidOverflow;
    [FieldOffset(12)] public uint NextXid;
    [FieldOffset(16)] public uint OldestRunningXid;
    [FieldOffset(20)] public uint LatestCompletedXid;
}

/// <summary>
/// <see cref="RecordType.Checkpoint"/>: where redo starts for this checkpoint, and the next
/// transaction id (the control file repeats both; the record makes the WAL readable on its own).
/// <code>
///  0          8          12
///  +----------+----------+
///  | redo LSN | next xid |
///  +----------+----------+
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct CheckpointData
{
    public const int Size = 12;
    [FieldOffset(0)] public ulong RedoLsn;
    [FieldOffset(8)] public uint NextXid;
}

using System.Runtime.InteropServices;

namespace TornPages.Engine.Pages;

// The payload of each page op: the bytes after the op's one-byte code (PageOp) in a block's data.
// Ops are packed back to back, so payloads are unaligned; all integers little-endian. PageOpWriter
// writes these structs and PageOps.Apply reads them: no op's layout is written anywhere else.
//
//  Init       | kind:1 | special size:2 |
//  PutItem    | lp:2 | offset:2 | length:2 | lower:2 | upper:2 | item bytes (length) ...
//  Stamp      | tuple offset:2 | xmax:4 | ctid block:4 | ctid item:2 | infomask:2 |
//  SetLp      | lp:2 | state:1 | target:2 |
//  Compact    (no payload)
//  IdxInsert  | position:2 | length:2 | item bytes (length) ...
//  IdxDelete  | count:2 | position:2 x count, descending ...
//  Overwrite  | lower:2 | upper:2 | special:2 | kind:1 | page[header end..lower] | page[upper..end] |
//  WriteRaw   | offset:2 | length:2 | bytes (length) ...
//  AddTuple      | lp:2 | infomask:2 | natts:1 | tuple body, to the end of the block's data
//  AddTupleDelta | lp:2 | infomask:2 | natts:1 | old lp:2 | prefix:2 | suffix:2 | changed middle, to the end of the block's data
//  StampTuple    | lp:2 | ctid block:4 | ctid item:2 | infomask:2 |
//
// The last three are PostgreSQL's way of logging heap changes, and what every strategy that replays
// a heap record only onto the page state it was logged against uses: a new version's header is
// rebuilt from the record (xmin and xmax are the record's transaction, the 5 bytes here stand for
// xl_heap_header's), its place is the page's upper as PageAddItem finds it, and an update on the
// same page logs only the bytes between the prefix and suffix it shares with the old version
// (log_heap_update). Like PostgreSQL's tuple data they run to the end of the block's data, so they
// carry no length and come last in their block. They depend on the page they start from, so a strategy that replays heap
// records onto any page (lp-logged) logs PutItem and Stamp instead: absolute bytes at absolute offsets.

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct InitOp
{
    public const int Size = 3;
    [FieldOffset(0)] public PageKind Kind;
    [FieldOffset(1)] public ushort SpecialSize;
}

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct PutItemOp
{
    public const int Size = 10;
    [FieldOffset(0)] public ushort Lp;
    [FieldOffset(2)] public ushort Offset;
    [FieldOffset(4)] public ushort Length;
    /// <summary>The page's lower and upper after the put, so replay on any page state sets them alike.</summary>
    [FieldOffset(6)] public ushort Lower;
    [FieldOffset(8)] public ushort Upper;
}

/// <summary>Sets a tuple header's xmax, ctid and infomask (an update or delete of that version).</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct StampOp
{
    public const int Size = 14;
    [FieldOffset(0)] public ushort TupleOffset;
    [FieldOffset(2)] public uint Xmax;
    [FieldOffset(6)] public uint CtidBlock;
    [FieldOffset(10)] public ushort CtidItem;
    [FieldOffset(12)] public HeapInfo Infomask;
}

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct SetLpOp
{
    public const int Size = 5;
    [FieldOffset(0)] public ushort Lp;
    [FieldOffset(2)] public LpState State;
    /// <summary>The redirect target for <see cref="LpState.Redirect"/>; zero otherwise.</summary>
    [FieldOffset(3)] public ushort Target;
}

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct IdxInsertOp
{
    public const int Size = 4;
    [FieldOffset(0)] public ushort Position;
    [FieldOffset(2)] public ushort Length;
}

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct IdxDeleteOp
{
    public const int Size = 2;
    /// <summary>Positions that follow, 2 bytes each, in descending order so each removal leaves the later ones valid.</summary>
    [FieldOffset(0)] public ushort Count;
}

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct OverwriteOp
{
    public const int Size = 7;
    [FieldOffset(0)] public ushort Lower;
    [FieldOffset(2)] public ushort Upper;
    [FieldOffset(4)] public ushort Special;
    [FieldOffset(6)] public PageKind Kind;
}

/// <summary>A new tuple at line pointer <see cref="Lp"/>: header rebuilt (xmin = the record's transaction), placed below upper.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct AddTupleOp
{
    public const int Size = 5;
    [FieldOffset(0)] public ushort Lp;
    [FieldOffset(2)] public HeapInfo Infomask;
    [FieldOffset(4)] public byte Natts;
}

/// <summary>As <see cref="AddTupleOp"/>, the body made of the first <see cref="Prefix"/> and last <see cref="Suffix"/> bytes of the old version's body at <see cref="OldLp"/> around the bytes logged.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct AddTupleDeltaOp
{
    public const int Size = 11;
    [FieldOffset(0)] public ushort Lp;
    [FieldOffset(2)] public HeapInfo Infomask;
    [FieldOffset(4)] public byte Natts;
    [FieldOffset(5)] public ushort OldLp;
    [FieldOffset(7)] public ushort Prefix;
    [FieldOffset(9)] public ushort Suffix;
}

/// <summary>The version at line pointer <see cref="Lp"/> replaced (or locked) by the record's transaction: xmax, ctid and infomask set.</summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct StampTupleOp
{
    public const int Size = 10;
    [FieldOffset(0)] public ushort Lp;
    [FieldOffset(2)] public uint CtidBlock;
    [FieldOffset(6)] public ushort CtidItem;
    [FieldOffset(8)] public HeapInfo Infomask;
}

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct WriteRawOp
{
    public const int Size = 4;
    [FieldOffset(0)] public ushort Offset;
    [FieldOffset(2)] public ushort Length;
}

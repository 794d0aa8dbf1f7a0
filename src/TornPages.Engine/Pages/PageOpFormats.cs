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

[StructLayout(LayoutKind.Explicit, Size = Size)]
public struct WriteRawOp
{
    public const int Size = 4;
    [FieldOffset(0)] public ushort Offset;
    [FieldOffset(2)] public ushort Length;
}

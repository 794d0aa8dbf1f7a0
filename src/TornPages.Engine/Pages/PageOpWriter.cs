using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TornPages.Engine.Pages;

/// <summary>Appends page ops (<see cref="PageOps"/>, payloads as the structs in PageOpFormats.cs) to a reusable buffer; one writer per block of a record.</summary>
public sealed class PageOpWriter
{
    private byte[] _buf = new byte[1024];
    private int _len;

    public ReadOnlySpan<byte> Written => _buf.AsSpan(0, _len);
    public int Length => _len;

    public void Reset()
    {
        _len = 0;
        _closed = false;
    }

    // Set by an op whose data runs to the end of the block's: nothing may follow it.
    private bool _closed;

    /// <summary>A new version at <paramref name="lp"/> whose header the op rebuilds (xmin: the record's transaction); the block's last op.</summary>
    public void AddTuple(int lp, HeapInfo infomask, int natts, ReadOnlySpan<byte> body)
    {
        body.CopyTo(Append(PageOp.AddTuple, new AddTupleOp { Lp = (ushort)lp, Infomask = infomask, Natts = (byte)natts }, body.Length));
        _closed = true;
    }

    /// <summary>A new version whose body is the old one's at <paramref name="oldLp"/> with its middle replaced by <paramref name="middle"/>; the block's last op.</summary>
    public void AddTupleDelta(int lp, HeapInfo infomask, int natts, int oldLp, int prefix, int suffix, ReadOnlySpan<byte> middle)
    {
        middle.CopyTo(Append(PageOp.AddTupleDelta, new AddTupleDeltaOp
        {
            Lp = (ushort)lp, Infomask = infomask, Natts = (byte)natts, OldLp = (ushort)oldLp, Prefix = (ushort)prefix, Suffix = (ushort)suffix,
        }, middle.Length));
        _closed = true;
    }

    /// <summary>The version at <paramref name="lp"/> replaced or locked by the record's transaction (its xmax).</summary>
    public void StampTuple(int lp, uint ctidBlock, int ctidItem, HeapInfo infomask) =>
        Append(PageOp.StampTuple, new StampTupleOp { Lp = (ushort)lp, CtidBlock = ctidBlock, CtidItem = (ushort)ctidItem, Infomask = infomask }, 0);

    public void Init(PageKind kind, int specialSize) =>
        Append(PageOp.Init, new InitOp { Kind = kind, SpecialSize = (ushort)specialSize }, 0);

    public void PutItem(int lp, int offset, int lower, int upper, ReadOnlySpan<byte> item) =>
        item.CopyTo(Append(PageOp.PutItem, new PutItemOp
        {
            Lp = (ushort)lp, Offset = (ushort)offset, Length = (ushort)item.Length, Lower = (ushort)lower, Upper = (ushort)upper,
        }, item.Length));

    public void Stamp(int tupleOffset, uint xmax, uint ctidBlock, int ctidItem, HeapInfo infomask) =>
        Append(PageOp.Stamp, new StampOp
        {
            TupleOffset = (ushort)tupleOffset, Xmax = xmax, CtidBlock = ctidBlock, CtidItem = (ushort)ctidItem, Infomask = infomask,
        }, 0);

    public void SetLp(int lp, LpState state, int target = 0) =>
        Append(PageOp.SetLp, new SetLpOp { Lp = (ushort)lp, State = state, Target = (ushort)target }, 0);

    public void Compact() => Reserve(1)[0] = (byte)PageOp.Compact;

    public void IdxInsert(int pos, ReadOnlySpan<byte> item) =>
        item.CopyTo(Append(PageOp.IdxInsert, new IdxInsertOp { Position = (ushort)pos, Length = (ushort)item.Length }, item.Length));

    /// <summary>Deletes items; <paramref name="positionsDescending"/> must be in descending order.</summary>
    public void IdxDelete(ReadOnlySpan<int> positionsDescending)
    {
        var positions = MemoryMarshal.Cast<byte, ushort>(Append(PageOp.IdxDelete,
            new IdxDeleteOp { Count = (ushort)positionsDescending.Length }, sizeof(ushort) * positionsDescending.Length));
        for (int i = 0; i < positionsDescending.Length; i++) positions[i] = (ushort)positionsDescending[i];
    }

    /// <summary>The whole page, without its header's LSN and checksum and without the hole between lower and upper.</summary>
    public void Overwrite(ReadOnlySpan<byte> page)
    {
        ref readonly var h = ref PageHeader.Of(page);
        int head = h.Lower - PageHeader.Size;
        var rest = Append(PageOp.Overwrite, new OverwriteOp { Lower = h.Lower, Upper = h.Upper, Special = h.Special, Kind = h.Kind },
            head + page.Length - h.Upper);
        page[PageHeader.Size..h.Lower].CopyTo(rest);
        page[h.Upper..].CopyTo(rest[head..]);
    }

    public void WriteRaw(int offset, ReadOnlySpan<byte> bytes) =>
        bytes.CopyTo(Append(PageOp.WriteRaw, new WriteRawOp { Offset = (ushort)offset, Length = (ushort)bytes.Length }, bytes.Length));

    /// <summary>Appends the op code and its payload; returns the <paramref name="tail"/> bytes reserved after them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Append<T>(PageOp op, in T payload, int tail) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        var s = Reserve(1 + size + tail);
        s[0] = (byte)op;
        MemoryMarshal.Write(s[1..], in payload);
        return s[(1 + size)..];
    }

    private Span<byte> Reserve(int n)
    {
        if (_closed) throw new InvalidOperationException("an op after a tuple op, whose data runs to the end of the block's");
        if (_len + n > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + n));
        var s = _buf.AsSpan(_len, n);
        _len += n;
        return s;
    }
}

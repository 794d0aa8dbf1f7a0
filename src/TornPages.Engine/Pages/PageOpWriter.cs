using System.Buffers.Binary;

namespace TornPages.Engine.Pages;

/// <summary>Appends page ops (<see cref="PageOps"/>) to a reusable buffer; one writer per block of a record.</summary>
public sealed class PageOpWriter
{
    private byte[] _buf = new byte[1024];
    private int _len;

    public ReadOnlySpan<byte> Written => _buf.AsSpan(0, _len);
    public int Length => _len;

    public void Reset() => _len = 0;

    public void Init(PageKind kind, int specialSize)
    {
        var s = Reserve(4);
        s[0] = (byte)PageOp.Init;
        s[1] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], (ushort)specialSize);
    }

    public void PutItem(int lp, int offset, int lower, int upper, ReadOnlySpan<byte> item)
    {
        var s = Reserve(11 + item.Length);
        s[0] = (byte)PageOp.PutItem;
        W16(s, 1, lp);
        W16(s, 3, offset);
        W16(s, 5, item.Length);
        W16(s, 7, lower);
        W16(s, 9, upper);
        item.CopyTo(s[11..]);
    }

    public void Stamp(int tupleOffset, uint xmax, uint ctidBlock, int ctidItem, HeapInfo infomask)
    {
        var s = Reserve(15);
        s[0] = (byte)PageOp.Stamp;
        W16(s, 1, tupleOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(s[3..], xmax);
        BinaryPrimitives.WriteUInt32LittleEndian(s[7..], ctidBlock);
        W16(s, 11, ctidItem);
        W16(s, 13, (int)infomask);
    }

    public void SetLp(int lp, LpState state, int target = 0)
    {
        var s = Reserve(6);
        s[0] = (byte)PageOp.SetLp;
        W16(s, 1, lp);
        s[3] = (byte)state;
        W16(s, 4, target);
    }

    public void Compact() => Reserve(1)[0] = (byte)PageOp.Compact;

    public void IdxInsert(int pos, ReadOnlySpan<byte> item)
    {
        var s = Reserve(5 + item.Length);
        s[0] = (byte)PageOp.IdxInsert;
        W16(s, 1, pos);
        W16(s, 3, item.Length);
        item.CopyTo(s[5..]);
    }

    /// <summary>Deletes items; <paramref name="positionsDescending"/> must be in descending order.</summary>
    public void IdxDelete(ReadOnlySpan<int> positionsDescending)
    {
        var s = Reserve(3 + 2 * positionsDescending.Length);
        s[0] = (byte)PageOp.IdxDelete;
        W16(s, 1, positionsDescending.Length);
        for (int i = 0; i < positionsDescending.Length; i++) W16(s, 3 + 2 * i, positionsDescending[i]);
    }

    /// <summary>The whole page, without its header's LSN and checksum and without the hole between lower and upper.</summary>
    public void Overwrite(ReadOnlySpan<byte> page)
    {
        ref readonly var h = ref PageHeader.Of(page);
        int head = h.Lower - PageHeader.Size, tail = page.Length - h.Upper;
        var s = Reserve(8 + head + tail);
        s[0] = (byte)PageOp.Overwrite;
        W16(s, 1, h.Lower);
        W16(s, 3, h.Upper);
        W16(s, 5, h.Special);
        s[7] = (byte)h.Kind;
        page[PageHeader.Size..h.Lower].CopyTo(s[8..]);
        page[h.Upper..].CopyTo(s[(8 + head)..]);
    }

    public void WriteRaw(int offset, ReadOnlySpan<byte> bytes)
    {
        var s = Reserve(5 + bytes.Length);
        s[0] = (byte)PageOp.WriteRaw;
        W16(s, 1, offset);
        W16(s, 3, bytes.Length);
        bytes.CopyTo(s[5..]);
    }

    private Span<byte> Reserve(int n)
    {
        if (_len + n > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + n));
        var s = _buf.AsSpan(_len, n);
        _len += n;
        return s;
    }

    private static void W16(Span<byte> s, int p, int v) => BinaryPrimitives.WriteUInt16LittleEndian(s[p..], (ushort)v);
}

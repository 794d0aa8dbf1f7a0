using System.Buffers.Binary;

namespace TornPages.Engine.Pages;

/// <summary>
/// The language in which every page change is written: the engine appends ops for a block to a WAL
/// record, applies them to the buffered page, and recovery applies the very same ops again. One code
/// path for do and redo means the two cannot disagree.
///
/// Two kinds of op, and the difference is what torn-page protection is about:
/// <list type="bullet">
/// <item><b>Absolute</b> (<see cref="PageOp.Init"/>, <see cref="PageOp.PutItem"/>, <see cref="PageOp.Stamp"/>,
/// <see cref="PageOp.SetLp"/>, <see cref="PageOp.Overwrite"/>, <see cref="PageOp.WriteRaw"/>): they set bytes at
/// offsets carried in the op, so applying them again, or to a page torn between two of its versions,
/// yields the same bytes.</item>
/// <item><b>Layout-changing</b> (<see cref="PageOp.Compact"/>, <see cref="PageOp.IdxInsert"/>,
/// <see cref="PageOp.IdxDelete"/>): their result depends on the page they start from, so they are correct only
/// on the exact page state they were logged against.</item>
/// </list>
/// </summary>
public enum PageOp : byte
{
    Init = 1,
    PutItem = 2,
    Stamp = 3,
    SetLp = 4,
    Compact = 5,
    IdxInsert = 6,
    IdxDelete = 7,
    Overwrite = 8,
    WriteRaw = 9,
}

public static class PageOps
{
    public const int Align = 8;

    public static int MaxAlign(int n) => (n + Align - 1) & ~(Align - 1);

    [ThreadStatic] private static byte[]? t_scratch;

    /// <summary>Applies a block's ops, in order, to <paramref name="page"/>.</summary>
    public static void Apply(ReadOnlySpan<byte> ops, Span<byte> page)
    {
        int p = 0;
        while (p < ops.Length)
        {
            var op = (PageOp)ops[p++];
            switch (op)
            {
                case PageOp.Init:
                {
                    var kind = (PageKind)ops[p];
                    int special = U16(ops, p + 1);
                    p += 3;
                    page.Clear();
                    ref var h = ref PageHeader.Of(page);
                    h.Kind = kind;
                    h.Lower = PageHeader.Size;
                    h.Upper = h.Special = (ushort)(page.Length - special);
                    break;
                }
                case PageOp.PutItem:
                {
                    int lp = U16(ops, p), off = U16(ops, p + 2), len = U16(ops, p + 4);
                    ushort lower = (ushort)U16(ops, p + 6), upper = (ushort)U16(ops, p + 8);
                    p += 10;
                    CheckRange(page, off, len);
                    CheckRange(page, LinePointer.Position(lp), LinePointer.Size);
                    ops.Slice(p, len).CopyTo(page[off..]);
                    p += len;
                    LinePointer.Set(page, lp, new LinePointer(off, LpState.Normal, len));
                    ref var h = ref PageHeader.Of(page);
                    h.Lower = lower;
                    h.Upper = upper;
                    break;
                }
                case PageOp.Stamp:
                {
                    int off = U16(ops, p);
                    CheckRange(page, off, HeapTupleHeader.Size);
                    ref var t = ref HeapTupleHeader.At(page, off);
                    t.Xmax = U32(ops, p + 2);
                    t.CtidBlock = U32(ops, p + 6);
                    t.CtidItem = (ushort)U16(ops, p + 10);
                    t.Infomask = (HeapInfo)U16(ops, p + 12);
                    p += 14;
                    break;
                }
                case PageOp.SetLp:
                {
                    int lp = U16(ops, p);
                    var state = (LpState)ops[p + 2];
                    int target = U16(ops, p + 3);
                    p += 5;
                    CheckRange(page, LinePointer.Position(lp), LinePointer.Size);
                    LinePointer.Set(page, lp, new LinePointer(target, state, 0));
                    break;
                }
                case PageOp.Compact:
                    Compact(page);
                    break;
                case PageOp.IdxInsert:
                {
                    int pos = U16(ops, p), len = U16(ops, p + 2);
                    p += 4;
                    InsertItemAt(page, pos, ops.Slice(p, len));
                    p += len;
                    break;
                }
                case PageOp.IdxDelete:
                {
                    int count = U16(ops, p);
                    p += 2;
                    // Positions are logged in descending order so each removal leaves the later ones valid.
                    for (int i = 0; i < count; i++) RemoveItemAt(page, U16(ops, p + 2 * i));
                    p += 2 * count;
                    Compact(page);
                    break;
                }
                case PageOp.Overwrite:
                {
                    ushort lower = (ushort)U16(ops, p), upper = (ushort)U16(ops, p + 2), special = (ushort)U16(ops, p + 4);
                    var kind = (PageKind)ops[p + 6];
                    p += 7;
                    page.Clear();
                    int head = lower - PageHeader.Size, tail = page.Length - upper;
                    ops.Slice(p, head).CopyTo(page[PageHeader.Size..]);
                    ops.Slice(p + head, tail).CopyTo(page[upper..]);
                    p += head + tail;
                    ref var h = ref PageHeader.Of(page);
                    h.Lower = lower;
                    h.Upper = upper;
                    h.Special = special;
                    h.Kind = kind;
                    break;
                }
                case PageOp.WriteRaw:
                {
                    int off = U16(ops, p), len = U16(ops, p + 2);
                    p += 4;
                    CheckRange(page, off, len);
                    ops.Slice(p, len).CopyTo(page[off..]);
                    p += len;
                    break;
                }
                default:
                    throw new CorruptRecordException($"unknown page op {(byte)op}");
            }
        }
    }

    /// <summary>
    /// Moves every tuple with a normal line pointer to the end of tuple storage, in line-pointer
    /// order, and sets upper. Deterministic: the same page state always compacts to the same bytes.
    /// </summary>
    public static void Compact(Span<byte> page)
    {
        var scratch = t_scratch ??= new byte[DatabaseOptions.MaxPageSize];
        ref var h = ref PageHeader.Of(page);
        int n = LinePointer.Count(page);
        int from = h.Upper;
        // Usually every tuple lies in [upper, special): one copy of that area serves them all. A torn
        // page being replayed may point below upper; then each tuple is gathered on its own.
        bool inArea = from <= h.Special && h.Special <= page.Length;
        for (int i = 0; i < n && inArea; i++)
        {
            var lp = LinePointer.Get(page, i);
            if (lp.State == LpState.Normal && (lp.Offset < from || lp.Offset + lp.Length > h.Special)) inArea = false;
        }
        int top = h.Special;
        if (inArea)
        {
            page[from..h.Special].CopyTo(scratch);
            // Tuples whose sources lie back to back (as after an earlier compaction) move as one run:
            // a prune that removed one tuple shifts the ones after it with a single copy.
            int runSrc = 0, runDst = 0, runLen = 0;
            for (int i = 0; i < n; i++)
            {
                var lp = LinePointer.Get(page, i);
                if (lp.State != LpState.Normal) continue;
                int aligned = MaxAlign(lp.Length);
                top -= aligned;
                int src = lp.Offset - from;
                LinePointer.Set(page, i, lp with { Offset = top });
                if (runLen > 0 && src + aligned == runSrc)
                {
                    runSrc = src;
                    runDst = top;
                    runLen += aligned;
                    continue;
                }
                FlushRun(page, scratch, runSrc, runDst, runLen, from);
                (runSrc, runDst, runLen) = (src, top, Math.Min(aligned, h.Special - lp.Offset));
            }
            FlushRun(page, scratch, runSrc, runDst, runLen, from);
        }
        else
        {
            int used = 0;
            for (int i = 0; i < n; i++)
            {
                var lp = LinePointer.Get(page, i);
                if (lp.State != LpState.Normal) continue;
                CheckRange(page, lp.Offset, lp.Length);
                page.Slice(lp.Offset, lp.Length).CopyTo(scratch.AsSpan(used));
                used += MaxAlign(lp.Length);
            }
            used = 0;
            for (int i = 0; i < n; i++)
            {
                var lp = LinePointer.Get(page, i);
                if (lp.State != LpState.Normal) continue;
                top -= MaxAlign(lp.Length);
                scratch.AsSpan(used, lp.Length).CopyTo(page[top..]);
                used += MaxAlign(lp.Length);
                LinePointer.Set(page, i, lp with { Offset = top });
            }
        }
        page[h.Lower..top].Clear();
        h.Upper = (ushort)top;
    }

    /// <summary>Copies a run of tuples from the scratch copy to its place, unless it is already there.</summary>
    private static void FlushRun(Span<byte> page, byte[] scratch, int src, int dst, int length, int from)
    {
        if (length == 0 || src + from == dst) return;
        scratch.AsSpan(src, length).CopyTo(page[dst..]);
    }

    /// <summary>Inserts an item at line-pointer position <paramref name="pos"/>, shifting later pointers up (sorted pages).</summary>
    public static void InsertItemAt(Span<byte> page, int pos, ReadOnlySpan<byte> item)
    {
        ref var h = ref PageHeader.Of(page);
        int n = LinePointer.Count(page);
        int off = h.Upper - MaxAlign(item.Length);
        if (pos > n || off < h.Lower + LinePointer.Size)
            throw new CorruptRecordException($"item insert at {pos} does not fit the page (n={n}, lower={h.Lower}, upper={h.Upper})");
        int from = LinePointer.Position(pos), to = LinePointer.Position(n);
        page[from..to].CopyTo(page[(from + LinePointer.Size)..]);
        item.CopyTo(page[off..]);
        LinePointer.Set(page, pos, new LinePointer(off, LpState.Normal, item.Length));
        h.Lower += LinePointer.Size;
        h.Upper = (ushort)off;
    }

    /// <summary>Removes the pointer at <paramref name="pos"/> (its storage is reclaimed by the next compaction).</summary>
    public static void RemoveItemAt(Span<byte> page, int pos)
    {
        ref var h = ref PageHeader.Of(page);
        int n = LinePointer.Count(page);
        if (pos >= n) throw new CorruptRecordException($"item delete at {pos} past the end ({n})");
        int from = LinePointer.Position(pos + 1), to = LinePointer.Position(n);
        page[from..to].CopyTo(page[LinePointer.Position(pos)..]);
        h.Lower -= LinePointer.Size;
        page.Slice(h.Lower, LinePointer.Size).Clear();
    }

    public static int FreeSpace(ReadOnlySpan<byte> page)
    {
        ref readonly var h = ref PageHeader.Of(page);
        return h.Upper - h.Lower;
    }

    private static void CheckRange(Span<byte> page, int off, int len)
    {
        if (off < 0 || len < 0 || off + len > page.Length)
            throw new CorruptRecordException($"page op addresses bytes {off}..{off + len} outside a {page.Length}-byte page");
    }

    private static int U16(ReadOnlySpan<byte> s, int p) => BinaryPrimitives.ReadUInt16LittleEndian(s[p..]);
    private static uint U32(ReadOnlySpan<byte> s, int p) => BinaryPrimitives.ReadUInt32LittleEndian(s[p..]);
}

/// <summary>A WAL record or page op that cannot be applied as written.</summary>
public sealed class CorruptRecordException(string message) : Exception(message);

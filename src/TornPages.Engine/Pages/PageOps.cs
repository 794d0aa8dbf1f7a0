using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    AddTuple = 10,
    AddTupleDelta = 11,
    StampTuple = 12,
}

/// <summary>What ops may take from their record rather than carry: its transaction (a new version's xmin, a replaced version's xmax).</summary>
public readonly record struct OpContext(uint Xid);

public static class PageOps
{
    public const int Align = 8;

    public static int MaxAlign(int n) => (n + Align - 1) & ~(Align - 1);

    [ThreadStatic] private static byte[]? t_scratch;

    /// <summary>Applies a block's ops that need nothing from their record (no heap tuple ops).</summary>
    public static void Apply(ReadOnlySpan<byte> ops, Span<byte> page) => Apply(ops, page, default);

    /// <summary>Applies a block's ops, in order, to <paramref name="page"/>.</summary>
    public static void Apply(ReadOnlySpan<byte> ops, Span<byte> page, in OpContext ctx)
    {
        int p = 0;
        while (p < ops.Length)
        {
            var op = (PageOp)ops[p++];
            switch (op)
            {
                case PageOp.Init:
                {
                    var o = Read<InitOp>(ops, ref p);
                    page.Clear();
                    ref var h = ref PageHeader.Of(page);
                    h.Kind = o.Kind;
                    h.Lower = PageHeader.Size;
                    h.Upper = h.Special = (ushort)(page.Length - o.SpecialSize);
                    break;
                }
                case PageOp.PutItem:
                {
                    var o = Read<PutItemOp>(ops, ref p);
                    CheckRange(page, o.Offset, o.Length);
                    CheckRange(page, LinePointer.Position(o.Lp), LinePointer.Size);
                    Tail(ops, ref p, o.Length).CopyTo(page[o.Offset..]);
                    LinePointer.Set(page, o.Lp, new LinePointer(o.Offset, LpState.Normal, o.Length));
                    ref var h = ref PageHeader.Of(page);
                    h.Lower = o.Lower;
                    h.Upper = o.Upper;
                    break;
                }
                case PageOp.Stamp:
                {
                    var o = Read<StampOp>(ops, ref p);
                    Stamp(page, o.TupleOffset, o.Xmax, o.CtidBlock, o.CtidItem, o.Infomask);
                    break;
                }
                case PageOp.SetLp:
                {
                    var o = Read<SetLpOp>(ops, ref p);
                    CheckRange(page, LinePointer.Position(o.Lp), LinePointer.Size);
                    LinePointer.Set(page, o.Lp, new LinePointer(o.Target, o.State, 0));
                    break;
                }
                case PageOp.Compact:
                    Compact(page);
                    break;
                case PageOp.IdxInsert:
                {
                    var o = Read<IdxInsertOp>(ops, ref p);
                    InsertItemAt(page, o.Position, Tail(ops, ref p, o.Length));
                    break;
                }
                case PageOp.IdxDelete:
                {
                    var o = Read<IdxDeleteOp>(ops, ref p);
                    var positions = MemoryMarshal.Cast<byte, ushort>(Tail(ops, ref p, sizeof(ushort) * o.Count));
                    // Descending: each removal leaves the positions after it valid.
                    foreach (ushort position in positions) RemoveItemAt(page, position);
                    Compact(page);
                    break;
                }
                case PageOp.Overwrite:
                {
                    var o = Read<OverwriteOp>(ops, ref p);
                    int head = o.Lower - PageHeader.Size, tail = page.Length - o.Upper;
                    if (head < 0 || tail < 0) throw new CorruptRecordException($"page overwrite with lower {o.Lower} and upper {o.Upper}");
                    page.Clear();
                    Tail(ops, ref p, head).CopyTo(page[PageHeader.Size..]);
                    Tail(ops, ref p, tail).CopyTo(page[o.Upper..]);
                    ref var h = ref PageHeader.Of(page);
                    h.Lower = o.Lower;
                    h.Upper = o.Upper;
                    h.Special = o.Special;
                    h.Kind = o.Kind;
                    break;
                }
                case PageOp.WriteRaw:
                {
                    var o = Read<WriteRawOp>(ops, ref p);
                    CheckRange(page, o.Offset, o.Length);
                    Tail(ops, ref p, o.Length).CopyTo(page[o.Offset..]);
                    break;
                }
                case PageOp.AddTuple:
                {
                    var o = Read<AddTupleOp>(ops, ref p);
                    var body = Tail(ops, ref p, ops.Length - p);
                    AddTuple(page, o.Lp, o.Infomask, o.Natts, ctx.Xid, body, default, default);
                    break;
                }
                case PageOp.AddTupleDelta:
                {
                    var o = Read<AddTupleDeltaOp>(ops, ref p);
                    var middle = Tail(ops, ref p, ops.Length - p);
                    CheckRange(page, LinePointer.Position(o.OldLp), LinePointer.Size);
                    var old = LinePointer.Get(page, o.OldLp);
                    if (old.State != LpState.Normal || old.Length - HeapTupleHeader.Size < o.Prefix + o.Suffix)
                        throw new CorruptRecordException($"update delta against line pointer {o.OldLp}, which holds no version that long");
                    CheckRange(page, old.Offset, old.Length);
                    var oldBody = page.Slice(old.Offset + HeapTupleHeader.Size, old.Length - HeapTupleHeader.Size);
                    AddTuple(page, o.Lp, o.Infomask, o.Natts, ctx.Xid, oldBody[..o.Prefix], middle, oldBody[^o.Suffix..]);
                    break;
                }
                case PageOp.StampTuple:
                {
                    var o = Read<StampTupleOp>(ops, ref p);
                    CheckRange(page, LinePointer.Position(o.Lp), LinePointer.Size);
                    var lp = LinePointer.Get(page, o.Lp);
                    if (lp.State != LpState.Normal) throw new CorruptRecordException($"stamp of line pointer {o.Lp}, which holds no version");
                    Stamp(page, lp.Offset, ctx.Xid, o.CtidBlock, o.CtidItem, o.Infomask);
                    break;
                }
                default:
                    throw new CorruptRecordException($"unknown page op {(byte)op}");
            }
        }
    }

    /// <summary>
    /// Adds a new version at line pointer <paramref name="lp"/>, as PageAddItem places it: storage just
    /// below upper, the pointer array grown when <paramref name="lp"/> is a new pointer. Its body is
    /// the three parts laid end to end (the whole body, or an old body's prefix, the logged middle and
    /// the old body's suffix); they are copied before anything on the page moves.
    /// </summary>
    private static void AddTuple(Span<byte> page, int lp, HeapInfo infomask, byte natts, uint xmin,
        ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        int len = HeapTupleHeader.Size + a.Length + b.Length + c.Length;
        ref var h = ref PageHeader.Of(page);
        int n = LinePointer.Count(page);
        if (lp > n) throw new CorruptRecordException($"new version at line pointer {lp} past the array's end ({n})");
        int lower = lp == n ? h.Lower + LinePointer.Size : h.Lower;
        int offset = h.Upper - MaxAlign(len);
        if (offset < lower || lower > page.Length) throw new CorruptRecordException($"new version of {len} bytes does not fit the page (lower {h.Lower}, upper {h.Upper})");
        // The parts may lie on this page (an update's old version): copy them before the header is written over anything.
        var scratch = t_scratch ??= new byte[DatabaseOptions.MaxPageSize];
        int body = len - HeapTupleHeader.Size;
        a.CopyTo(scratch);
        b.CopyTo(scratch.AsSpan(a.Length));
        c.CopyTo(scratch.AsSpan(a.Length + b.Length));
        var tuple = page.Slice(offset, len);
        tuple[..HeapTupleHeader.Size].Clear();
        ref var t = ref HeapTupleHeader.At(page, offset);
        t.Xmin = xmin;
        t.Infomask = infomask;
        t.Natts = natts;
        t.Hoff = HeapTupleHeader.Size;
        scratch.AsSpan(0, body).CopyTo(tuple[HeapTupleHeader.Size..]);
        LinePointer.Set(page, lp, new LinePointer(offset, LpState.Normal, len));
        h.Lower = (ushort)lower;
        h.Upper = (ushort)offset;
    }

    /// <summary>A version replaced (or locked): its xmax, ctid and infomask set.</summary>
    private static void Stamp(Span<byte> page, int offset, uint xmax, uint ctidBlock, ushort ctidItem, HeapInfo infomask)
    {
        CheckRange(page, offset, HeapTupleHeader.Size);
        ref var t = ref HeapTupleHeader.At(page, offset);
        t.Xmax = xmax;
        t.CtidBlock = ctidBlock;
        t.CtidItem = ctidItem;
        t.Infomask = infomask;
    }

    /// <summary>The payload of the op at <paramref name="p"/>, which then moves past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Read<T>(ReadOnlySpan<byte> ops, ref int p) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (ops.Length - p < size) throw new CorruptRecordException($"page op payload of {size} bytes runs past its block's data");
        var v = MemoryMarshal.Read<T>(ops[p..]);
        p += size;
        return v;
    }

    /// <summary>The <paramref name="length"/> bytes an op carries after its payload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Tail(ReadOnlySpan<byte> ops, ref int p, int length)
    {
        if (ops.Length - p < length) throw new CorruptRecordException($"page op data of {length} bytes runs past its block's data");
        var s = ops.Slice(p, length);
        p += length;
        return s;
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
        int special = h.Special;
        bool inArea = from <= special && special <= page.Length;
        // The pointers as raw words, the tuples' ones found 32 at a time: a heap page pruned once a
        // transaction holds a hundred or more, redirects and tuples alternating at random, and a
        // branch on each one's state was mispredicted half the time.
        var words = LinePointer.Words(page, n);
        // The tuples at the top already where they go (as PostgreSQL's compactify_tuples, which leaves
        // them alone) are not copied: the copy of the area runs from upper to the end of the last
        // source another tuple moves from.
        // Nor are they visited again: the moves start at the first tuple that is not in place.
        int top = special, sourceEnd = from, firstMove = n, topAtFirstMove = special;
        for (int b = 0; b < n && inArea; b += 32)
            for (uint tuples = LinePointer.InState(words, b, LpState.Normal); tuples != 0; tuples &= tuples - 1)
            {
                int i = b + BitOperations.TrailingZeroCount(tuples);
                uint v = LinePointer.FromLittleEndian(words[i]);
                int off = LinePointer.OffsetOf(v), len = LinePointer.LengthOf(v);
                if (off < from || off + len > special) inArea = false;
                int above = top;
                top -= MaxAlign(len);
                if (firstMove == n && off != top) (firstMove, topAtFirstMove) = (i, above);
                if (firstMove < n) sourceEnd = Math.Max(sourceEnd, off + Math.Min(MaxAlign(len), special - off));
            }
        // Nothing moves: the new upper is where the pass above ended.
        if (firstMove == n) topAtFirstMove = top;
        if (inArea)
        {
            page[from..sourceEnd].CopyTo(scratch);
            top = topAtFirstMove;
            // Tuples whose sources lie back to back (as after an earlier compaction) move as one run:
            // a prune that removed one tuple shifts the ones after it with a single copy.
            int runSrc = 0, runDst = 0, runLen = 0;
            for (int b = firstMove & ~31; b < n; b += 32)
                for (uint tuples = LinePointer.InState(words, b, LpState.Normal) & (b < firstMove ? ~0u << (firstMove - b) : ~0u); tuples != 0; tuples &= tuples - 1)
                {
                    int i = b + BitOperations.TrailingZeroCount(tuples);
                    uint v = LinePointer.FromLittleEndian(words[i]);
                    int offset = LinePointer.OffsetOf(v);
                    int aligned = MaxAlign(LinePointer.LengthOf(v));
                    top -= aligned;
                    int src = offset - from;
                    words[i] = LinePointer.FromLittleEndian((v & ~LinePointer.OffsetMask) | ((uint)top & LinePointer.OffsetMask));
                    if (runLen > 0 && src + aligned == runSrc)
                    {
                        runSrc = src;
                        runDst = top;
                        runLen += aligned;
                        continue;
                    }
                    FlushRun(page, scratch, runSrc, runDst, runLen, from);
                    (runSrc, runDst, runLen) = (src, top, Math.Min(aligned, special - offset));
                }
            FlushRun(page, scratch, runSrc, runDst, runLen, from);
        }
        else
        {
            top = special;
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
        if (top < h.Lower) throw new CorruptRecordException($"compacted tuples end at {top}, below lower {h.Lower}");
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

}

/// <summary>A WAL record or page op that cannot be applied as written.</summary>
public sealed class CorruptRecordException(string message) : Exception(message);

/// <summary>A page whose contents cannot be what its relation holds there (an index block 0 that is not a meta page, a right link into a loop, ...): the database is damaged.</summary>
public sealed class CorruptPageException(string relation, uint block, string what)
    : Exception($"{relation} block {block} {what}: the database is damaged")
{
    public uint Block { get; } = block;
}

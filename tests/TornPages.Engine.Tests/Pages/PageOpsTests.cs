using TornPages.Engine.Heap;
using TornPages.Engine.Pages;

namespace TornPages.Engine.Tests.Pages;

public class PageOpsTests
{
    private static byte[] NewHeapPage()
    {
        var p = new byte[8192];
        var w = new PageOpWriter();
        w.Init(PageKind.Heap, 0);
        PageOps.Apply(w.Written, p);
        return p;
    }

    /// <summary>Puts <paramref name="count"/> tuples on the page one after another, as PageAddItem places them (tuple i at line pointer i, below tuple i - 1), each of its own bytes.</summary>
    private static List<byte[]> FillInOrder(byte[] p, int count, int length, int spread)
    {
        var w = new PageOpWriter();
        var tuples = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var tuple = Enumerable.Repeat((byte)(i + 1), length + i % spread).ToArray();
            Assert.True(HeapPage.TryPlace(p, tuple.Length, out int lp, out int off, out int lower, out int upper));
            Assert.Equal(i, lp);
            w.Reset();
            w.PutItem(lp, off, lower, upper, tuple);
            PageOps.Apply(w.Written, p);
            tuples.Add(tuple);
        }
        return tuples;
    }

    /// <summary>Every tuple with a normal line pointer is intact, packed at the end in line-pointer order, and upper is where they end.</summary>
    private static void AssertPackedInOrder(byte[] p, List<byte[]> tuples)
    {
        int top = PageHeader.Of(p).Special;
        for (int i = 0; i < tuples.Count; i++)
        {
            var lp = LinePointer.Get(p, i);
            if (lp.State != LpState.Normal) continue;
            top -= PageOps.MaxAlign(tuples[i].Length);
            Assert.Equal(top, lp.Offset);
            Assert.Equal(tuples[i], p.AsSpan(lp.Offset, lp.Length).ToArray());
        }
        Assert.Equal(top, PageHeader.Of(p).Upper);
    }

    [Fact]
    public void Absolute_ops_applied_twice_leave_the_same_bytes()
    {
        var p = NewHeapPage();
        var w = new PageOpWriter();
        HeapPage.TryPlace(p, 50, out int lp, out int off, out int lower, out int upper);
        w.PutItem(lp, off, lower, upper, new byte[50]);
        w.Stamp(off, 9, 0, 0, HeapInfo.HotUpdated);
        w.SetLp(3, LpState.Dead);
        PageOps.Apply(w.Written, p);
        var once = p.ToArray();
        PageOps.Apply(w.Written, p);
        Assert.Equal(once, p);
    }

    [Fact]
    public void A_put_item_op_repairs_a_torn_page_whose_line_pointer_array_is_shorter()
    {
        var p = NewHeapPage();
        var w = new PageOpWriter();
        // Address line pointer 5 on a page whose lower still says it has none: replay must not fail.
        w.PutItem(5, 8000, Engine.Pages.PageHeader.Size + 6 * 4, 8000, new byte[64]);
        PageOps.Apply(w.Written, p);
        Assert.Equal(6, LinePointer.Count(p));
        Assert.Equal(LpState.Normal, LinePointer.Get(p, 5).State);
    }

    [Fact]
    public void Compaction_packs_live_tuples_at_the_end_and_is_deterministic()
    {
        var p = NewHeapPage();
        var w = new PageOpWriter();
        for (int i = 0; i < 10; i++)
        {
            HeapPage.TryPlace(p, 100, out int lp, out int off, out int lower, out int upper);
            w.Reset();
            w.PutItem(lp, off, lower, upper, Enumerable.Repeat((byte)i, 100).ToArray());
            PageOps.Apply(w.Written, p);
        }
        int before = PageOps.FreeSpace(p);
        w.Reset();
        for (int i = 0; i < 10; i += 2) w.SetLp(i, LpState.Unused);
        w.Compact();
        var q = p.ToArray();
        PageOps.Apply(w.Written, p);
        PageOps.Apply(w.Written, q);
        Assert.Equal(p, q);
        Assert.Equal(before + 5 * 104, PageOps.FreeSpace(p));
        var lp3 = LinePointer.Get(p, 3);
        Assert.Equal(3, p[lp3.Offset]);
    }

    [Fact]
    public void Compaction_keeps_every_live_tuple_intact_whatever_order_its_storage_is_in()
    {
        var rng = new Random(6);
        for (int trial = 0; trial < 50; trial++)
        {
            var p = NewHeapPage();
            var w = new PageOpWriter();
            var expected = new Dictionary<int, byte[]>();
            for (int k = 0; k < 40; k++)
            {
                // Sizes that are and are not 8-byte multiples; reused line pointers put storage out of order.
                int len = rng.Next(20, 130);
                if (!HeapPage.TryPlace(p, len, out int lp, out int off, out int lower, out int upper)) break;
                var tuple = new byte[len];
                rng.NextBytes(tuple);
                w.Reset();
                w.PutItem(lp, off, lower, upper, tuple);
                if (rng.Next(4) == 0 && expected.Count > 0)
                {
                    int gone = expected.Keys.ElementAt(rng.Next(expected.Count));
                    w.SetLp(gone, LpState.Unused);
                    expected.Remove(gone);
                }
                PageOps.Apply(w.Written, p);
                expected[lp] = tuple;
                if (rng.Next(5) == 0)
                {
                    w.Reset();
                    w.Compact();
                    PageOps.Apply(w.Written, p);
                }
            }
            w.Reset();
            w.Compact();
            PageOps.Apply(w.Written, p);
            int top = PageHeader.Of(p).Special;
            foreach (var (lp, tuple) in expected.OrderBy(e => e.Key))
            {
                var got = LinePointer.Get(p, lp);
                top -= PageOps.MaxAlign(tuple.Length);
                Assert.Equal(top, got.Offset);
                Assert.Equal(tuple, p.AsSpan(got.Offset, got.Length).ToArray());
            }
            Assert.Equal(top, PageHeader.Of(p).Upper);
        }
    }

    [Fact]
    public void Compaction_of_tuples_stored_in_line_pointer_order_packs_them_intact_at_the_end_and_clears_what_they_left()
    {
        // As a page pruned again and again: tuples below one another in line-pointer order, some gone.
        var p = NewHeapPage();
        var tuples = FillInOrder(p, 30, length: 37, spread: 11);
        var w = new PageOpWriter();
        foreach (int gone in new[] { 0, 3, 4, 17, 29 }) w.SetLp(gone, LpState.Dead);
        w.Compact();
        PageOps.Apply(w.Written, p);

        AssertPackedInOrder(p, tuples);
        Assert.All(p[PageHeader.Of(p).Lower..PageHeader.Of(p).Upper], b => Assert.Equal(0, b));
    }

    [Fact]
    public void An_item_insert_keeps_line_pointers_in_the_order_given()
    {
        var p = new byte[8192];
        Engine.Index.IndexPage.Init(p, leaf: true, 0);
        var t = new byte[16];
        foreach (var (pos, key) in new[] { (0, 10), (1, 30), (1, 20), (0, 5) })
        {
            Engine.Index.IndexPage.MakeTuple(t, key, 0, 0);
            var w = new PageOpWriter();
            w.IdxInsert(pos, t);
            PageOps.Apply(w.Written, p);
        }
        Assert.Equal(new[] { 5, 10, 20, 30 }, Enumerable.Range(0, 4).Select(i => Engine.Index.IndexPage.KeyAt(p, i)));
    }

    [Fact]
    public void Compacting_a_compact_page_moves_nothing_and_leaves_the_same_bytes()
    {
        var p = NewHeapPage();
        FillInOrder(p, 25, length: 29, spread: 13);
        var w = new PageOpWriter();
        for (int gone = 1; gone < 25; gone += 4) w.SetLp(gone, LpState.Unused);
        w.Compact();
        PageOps.Apply(w.Written, p);
        var once = p.ToArray();
        PageOps.Apply(w.Written, p);
        Assert.Equal(once, p);
    }

    [Fact]
    public void Compaction_gathers_intact_the_tuples_a_torn_page_points_at_below_its_upper()
    {
        // As replay meets a page whose header is from a newer write than its tuples: upper says the
        // storage starts above where some tuples lie.
        var p = NewHeapPage();
        var tuples = FillInOrder(p, 20, length: 41, spread: 7);
        ref var h = ref PageHeader.Of(p.AsSpan());
        h.Upper = (ushort)(h.Upper + 200);
        var w = new PageOpWriter();
        w.SetLp(4, LpState.Dead);
        w.Compact();
        PageOps.Apply(w.Written, p);

        Assert.Equal(LpState.Dead, LinePointer.Get(p, 4).State);
        AssertPackedInOrder(p, tuples);
    }
}

using TornPages.Engine.Heap;

namespace TornPages.Engine.Tests.Heap;

public class FreeSpaceMapTests
{
    /// <summary>The search the map must answer like: a scan from the hint, wrapping around, skipping the excluded page.</summary>
    private sealed class LinearScan
    {
        private readonly List<int> _free = [];
        private int _hint;

        public void Set(uint block, int free)
        {
            while (_free.Count <= block) _free.Add(0);
            _free[(int)block] = free;
        }

        public long Find(int need, uint exclude)
        {
            int n = _free.Count;
            if (n == 0) return -1;
            int start = _hint % n;
            for (int k = 0; k < n; k++)
            {
                int b = (start + k) % n;
                if (b != exclude && _free[b] >= need) return _hint = b;
            }
            return -1;
        }
    }

    [Fact]
    public void It_answers_every_search_as_a_scan_from_the_last_page_found_would()
    {
        var rng = new Random(4);
        var fsm = new FreeSpaceMap(1);
        var scan = new LinearScan();
        for (int op = 0; op < 20_000; op++)
        {
            if (rng.Next(3) > 0)
            {
                uint block = (uint)rng.Next(0, op < 10_000 ? 300 : 3000);
                int free = rng.Next(0, 9) == 0 ? rng.Next(0, 8000) : rng.Next(0, 200);
                fsm.Set(0, block, free);
                scan.Set(block, free);
            }
            else
            {
                int need = rng.Next(1, 400);
                uint exclude = (uint)rng.Next(0, 300);
                Assert.Equal(scan.Find(need, exclude), fsm.Find(0, need, exclude));
            }
        }
    }

    [Fact]
    public void A_table_whose_pages_are_all_full_has_no_page_with_room_and_the_excluded_page_is_never_found()
    {
        var fsm = new FreeSpaceMap(2);
        for (uint b = 0; b < 200_000; b++) fsm.Set(1, b, 4);
        Assert.Equal(-1, fsm.Find(1, 132, uint.MaxValue));
        fsm.Set(1, 150_000, 500);
        Assert.Equal(-1, fsm.Find(1, 132, 150_000));
        Assert.Equal(150_000, fsm.Find(1, 132, 7));
        Assert.Equal(-1, fsm.Find(0, 1, 0));
    }
}

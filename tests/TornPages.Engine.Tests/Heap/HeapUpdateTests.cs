using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Heap;

public class HeapUpdateTests
{
    [Fact]
    public void An_update_on_a_page_loaded_full_goes_to_another_page_and_adds_an_index_entry()
    {
        var db = Create(new SimulatedDevice());
        Add(db, 1, 5);
        Assert.Equal(1, db.Heap.NonHotUpdates);
        Assert.Equal(0, db.Heap.HotUpdates);
        Assert.Equal(5, Value(db, 1));
        Assert.Equal(1, db.CountLive(Items, 1));
    }

    [Fact]
    public void Once_pruning_frees_the_dead_version_the_next_update_on_that_page_is_hot()
    {
        var db = Create(new SimulatedDevice());
        Add(db, 1, 5);   // non-HOT: leaves a dead version on block 0
        Add(db, 2, 7);   // block 0 is full: pruned, then the new version fits there
        Assert.Equal(1, db.Heap.Prunes);
        Assert.Equal(1, db.Heap.HotUpdates);
        Assert.Equal(7, Value(db, 2));
        Add(db, 2, 1);
        Assert.Equal(8, Value(db, 2));
        Assert.Equal(1, db.CountLive(Items, 2));
    }
}

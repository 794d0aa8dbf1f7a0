using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Checkpoints;

public class CheckpointRecordTests
{
    [Fact]
    public void A_checkpoint_record_counts_in_the_record_bytes_like_every_other_record()
    {
        var db = Create(new SimulatedDevice(), rows: 200);
        var before = db.Wal.Stats.Snapshot();
        db.Checkpoint();
        var after = db.Wal.Stats;
        Assert.Equal(before.Records + 1, after.Records);
        // Its header and its main data (redo point, next xid): no blocks, no images.
        Assert.Equal(before.FpiBytes, after.FpiBytes);
        Assert.InRange(after.RecordBytes - before.RecordBytes, 12 + 1, 64);
        Assert.InRange(after.Bytes - before.Bytes, after.RecordBytes - before.RecordBytes, after.RecordBytes - before.RecordBytes + 7);
    }
}

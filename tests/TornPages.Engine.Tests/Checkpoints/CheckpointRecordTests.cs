using TornPages.Engine.Wal;
using TornPages.Storage;
using static TornPages.Engine.Tests.TestDatabase;

namespace TornPages.Engine.Tests.Checkpoints;

public class CheckpointRecordTests
{
    [Fact]
    public void A_checkpoint_logs_the_running_transactions_and_its_record_counted_like_every_other_record()
    {
        var db = Create(new SimulatedDevice(), rows: 200);
        var before = db.Wal.Stats.Snapshot();
        db.Checkpoint();
        var d = db.Wal.Stats.Since(before);
        Assert.Equal(2, d.Records);
        var checkpoint = d.ByType[RecordTypes.StatsIndex(RecordType.Checkpoint, false)];
        var running = d.ByType[RecordTypes.StatsIndex(RecordType.RunningXacts, false)];
        Assert.Equal((1L, 1L), (checkpoint.Count, running.Count));
        // Header and main data only: no blocks, no images. No transaction runs: xl_running_xacts with no xid.
        Assert.Equal(0, d.FpiBytes);
        Assert.Equal(WalRecordHeader.Size + BlockRefCodec.MainHeaderLength(CheckpointData.Size) + CheckpointData.Size, checkpoint.RecordBytes);
        Assert.Equal(WalRecordHeader.Size + BlockRefCodec.MainHeaderLength(RunningXactsData.Size) + RunningXactsData.Size, running.RecordBytes);
        Assert.Equal(d.RecordBytes, checkpoint.RecordBytes + running.RecordBytes);
        Assert.InRange(d.Bytes, d.RecordBytes, d.RecordBytes + 2 * 7);
    }
}

using TornPages.Storage;

namespace TornPages.Engine.Tests.Wal;

public class WalFlushAlignTests
{
    /// <summary>Records every WAL write and sync a database makes, to check where writes land against what was synced.</summary>
    private sealed class WalWriteLog(IStorageDevice inner) : IStorageDevice
    {
        public readonly List<string> Violations = [];
        private readonly Dictionary<string, long> _syncedEnd = [];
        private readonly Dictionary<string, long> _writtenEnd = [];

        public string Label => inner.Label;
        public string SyncMethod => inner.SyncMethod;
        public IoStats Stats => inner.Stats;
        public bool Exists(string name) => inner.Exists(name);
        public void Delete(string name) => inner.Delete(name);
        public void Rename(string from, string to) => inner.Rename(from, to);
        public IReadOnlyList<string> List() => inner.List();
        public void Dispose() => inner.Dispose();

        public IStorageFile Open(string name, FileClass fileClass)
        {
            var f = inner.Open(name, fileClass);
            return fileClass == FileClass.Wal ? new File(this, f) : f;
        }

        private sealed class File(WalWriteLog log, IStorageFile f) : IStorageFile
        {
            public string Name => f.Name;
            public FileClass Class => f.Class;
            public long Length => f.Length;
            public void Read(long offset, Span<byte> buffer) => f.Read(offset, buffer);
            public void SetLength(long length) => f.SetLength(length);

            public void Write(long offset, ReadOnlySpan<byte> data)
            {
                if (offset < log._syncedEnd.GetValueOrDefault(Name))
                    log.Violations.Add($"{Name}: write at {offset} under the synced end {log._syncedEnd[Name]}");
                log._writtenEnd[Name] = Math.Max(log._writtenEnd.GetValueOrDefault(Name), offset + data.Length);
                f.Write(offset, data);
            }

            public void Sync()
            {
                f.Sync();
                log._syncedEnd[Name] = log._writtenEnd.GetValueOrDefault(Name);
            }
        }
    }

    private static WalWriteLog Commits(int align, int count)
    {
        var dev = new WalWriteLog(new SimulatedDevice(new CrashModel(512)));
        var db = TestDatabase.Create(dev, walFlushAlign: align);
        for (int i = 0; i < count; i++) TestDatabase.Add(db, 1 + i * 7 % 2000, 1);
        return dev;
    }

    [Fact]
    public void An_aligned_flush_never_writes_a_sector_that_holds_synced_WAL_again()
    {
        Assert.Empty(Commits(512, 200).Violations);
    }

    [Fact]
    public void An_unaligned_flush_rewrites_the_synced_part_of_its_page()
    {
        Assert.NotEmpty(Commits(0, 200).Violations);
    }

    [Fact]
    public void Aligned_flushes_count_their_padding_in_the_WAL_bytes()
    {
        var dev = new SimulatedDevice(new CrashModel(512));
        var db = TestDatabase.Create(dev, walFlushAlign: 512);
        var before = db.Wal.Stats.Snapshot();
        for (int i = 0; i < 50; i++) TestDatabase.Add(db, 1 + i, 1);
        long pad = db.Wal.Stats.AlignPadBytes - before.AlignPadBytes;
        Assert.InRange(pad, 1, 50 * 511);
        Assert.Equal(0UL, db.Wal.FlushedLsn % 512);
    }

    [Fact]
    public void Recovery_reads_on_across_the_padding_and_past_an_earlier_crash_end()
    {
        var dev = new SimulatedDevice(new CrashModel(512, PersistProbability: 0.5), seed: 4);
        var db = TestDatabase.Create(dev, walFlushAlign: 512);
        for (int i = 0; i < 40; i++) TestDatabase.Add(db, 10, 1);
        dev.Crash();
        db = TestDatabase.Open(dev, walFlushAlign: 512);
        Assert.Equal(40, TestDatabase.Value(db, 10));
        // The WAL now goes on from the sector after the recovered end; a second crash must find it.
        for (int i = 0; i < 25; i++) TestDatabase.Add(db, 10, 1);
        dev.Crash();
        db = TestDatabase.Open(dev, walFlushAlign: 512);
        Assert.Equal(65, TestDatabase.Value(db, 10));
    }
}

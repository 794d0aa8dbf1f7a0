using Microsoft.Win32.SafeHandles;

namespace TornPages.Storage;

/// <summary>
/// Real files in one directory of the disk under test. <see cref="IStorageFile.Sync"/> is a real
/// fdatasync(2); creates, renames and deletes are followed by an fsync of the directory.
/// </summary>
public sealed class FileDevice : IStorageDevice
{
    private readonly Dictionary<string, DiskFile> _open = new(StringComparer.Ordinal);

    public FileDevice(string directory)
    {
        Directory = Path.GetFullPath(directory);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot create directory {Directory}: {e.Message}", e);
        }
    }

    public string Directory { get; }
    public string Label => "file:" + Directory;
    public string SyncMethod => Native.IsLinux ? "fdatasync" : "FlushToDisk";
    public IoStats Stats { get; } = new();

    public IStorageFile Open(string name, FileClass fileClass)
    {
        if (_open.TryGetValue(name, out var f)) return f;
        string path = PathOf(name);
        bool existed = File.Exists(path);
        SafeFileHandle h;
        try
        {
            h = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot open {path}: {e.Message}", e);
        }
        if (!existed) Native.SyncDirectory(Directory);
        f = new DiskFile(name, fileClass, Stats, h);
        _open[name] = f;
        return f;
    }

    public bool Exists(string name) => _open.ContainsKey(name) || File.Exists(PathOf(name));

    public void Delete(string name)
    {
        if (_open.Remove(name, out var f)) f.Handle.Dispose();
        File.Delete(PathOf(name));
        Native.SyncDirectory(Directory);
    }

    public void Rename(string from, string to)
    {
        if (Exists(to)) throw new StorageException($"cannot rename {from} to {to}: target exists");
        if (_open.Remove(from, out var f))
        {
            f.Renamed(to);
            _open[to] = f;
        }
        File.Move(PathOf(from), PathOf(to));
        Native.SyncDirectory(Directory);
    }

    public IReadOnlyList<string> List() =>
        System.IO.Directory.GetFiles(Directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        foreach (var f in _open.Values) f.Handle.Dispose();
        _open.Clear();
    }

    private string PathOf(string name) => Path.Combine(Directory, name);

    private sealed class DiskFile(string name, FileClass c, IoStats stats, SafeFileHandle handle)
        : CountingFile(name, c, stats)
    {
        public SafeFileHandle Handle { get; } = handle;

        public override long Length => RandomAccess.GetLength(Handle);

        protected override void ReadCore(long offset, Span<byte> buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int n = RandomAccess.Read(Handle, buffer[done..], offset + done);
                if (n == 0)
                {
                    buffer[done..].Clear();
                    return;
                }
                done += n;
            }
        }

        protected override void WriteCore(long offset, ReadOnlySpan<byte> data)
        {
            try
            {
                RandomAccess.Write(Handle, data, offset);
            }
            catch (IOException e)
            {
                throw new StorageException($"write to {Name} at {offset} failed: {e.Message}", e);
            }
        }

        protected override void SyncCore() => Native.FDataSync(Handle, Name);

        public override void SetLength(long length)
        {
            long old = Length;
            if (length > old && Native.FAllocate(Handle, old, length - old))
            {
                Native.FDataSync(Handle, Name);
                return;
            }
            RandomAccess.SetLength(Handle, length);
            Native.FDataSync(Handle, Name);
        }
    }
}

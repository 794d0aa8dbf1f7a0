using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TornPages.Storage;

/// <summary>The libc calls that .NET's file API cannot express: fdatasync, posix_fallocate, fsync of a directory.</summary>
internal static partial class Native
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_fallocate(int fd, long offset, long len);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    private const int O_RDONLY = 0;

    public static bool IsLinux => OperatingSystem.IsLinux();

    public static void FDataSync(SafeFileHandle handle, string what)
    {
        if (!IsLinux)
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (fdatasync((int)handle.DangerousGetHandle()) != 0)
                throw new StorageException($"fdatasync of {what} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Reserves blocks without writing them; false where the filesystem cannot (the caller then extends sparsely).</summary>
    public static bool FAllocate(SafeFileHandle handle, long offset, long length)
    {
        if (!IsLinux) return false;
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            return posix_fallocate((int)handle.DangerousGetHandle(), offset, length) == 0;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>fsync of a directory makes a create, rename or unlink in it durable.</summary>
    public static void SyncDirectory(string dir)
    {
        if (!IsLinux) return;
        int fd = open(dir, O_RDONLY);
        if (fd < 0) throw new StorageException($"cannot open directory {dir} to sync it: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (fsync(fd) != 0)
                throw new StorageException($"fsync of directory {dir} failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally
        {
            close(fd);
        }
    }
}

using System.Runtime.InteropServices;
using TornPages.Engine.Pages;
using TornPages.Storage;

namespace TornPages.Engine.Checkpoints;

/// <summary>
/// The control file: two 4 KB slots written alternately, each with a generation number and a CRC.
/// An update writes the slot not holding the newest state and syncs it, so a torn or lost update
/// leaves the other slot, the previous checkpoint, intact: the update is atomic.
/// </summary>
public sealed class ControlFile
{
    public const string FileName = "control";
    public const int SlotSize = 4096;

    private readonly IStorageFile _file;
    private readonly byte[] _slot = new byte[SlotSize];

    private ControlFile(IStorageFile file, ControlData current)
    {
        _file = file;
        Current = current;
    }

    public ControlData Current { get; private set; }

    public static bool Exists(IStorageDevice device) => device.Exists(FileName);

    public static ControlFile Create(IStorageDevice device) =>
        new(device.Open(FileName, FileClass.Control), default);

    /// <summary>Reads both slots and keeps the newest valid one.</summary>
    /// <exception cref="ControlFileCorruptException">Neither slot is valid.</exception>
    public static ControlFile Open(IStorageDevice device)
    {
        var file = device.Open(FileName, FileClass.Control);
        var buf = new byte[SlotSize];
        ControlData? best = null;
        bool blank = true;
        for (int slot = 0; slot < 2; slot++)
        {
            file.Read((long)slot * SlotSize, buf);
            blank &= !buf.AsSpan().ContainsAnyExcept((byte)0);
            var c = MemoryMarshal.Read<ControlData>(buf);
            if (c.Magic != ControlData.MagicValue || c.Version != ControlData.CurrentVersion || c.Crc != Checksum(buf)) continue;
            if (best == null || c.Generation > best.Value.Generation) best = c;
        }
        // The first slot is written by the checkpoint that ends the load: never written, the database was never complete.
        if (best == null && blank)
            throw new DatabaseNotFoundException($"no database on {device.Label}: its control file names no checkpoint (the load never finished)");
        if (best == null) throw new ControlFileCorruptException("control file is corrupt: neither of its two slots is valid");
        return new ControlFile(file, best.Value);
    }

    /// <summary>Writes <paramref name="next"/> as the next generation into the other slot and syncs it.</summary>
    public void Write(ControlData next)
    {
        next.Magic = ControlData.MagicValue;
        next.Version = ControlData.CurrentVersion;
        next.Generation = Current.Generation + 1;
        Array.Clear(_slot);
        MemoryMarshal.Write(_slot, in next);
        next.Crc = Checksum(_slot);
        MemoryMarshal.Write(_slot, in next);
        _file.Write((long)(next.Generation % 2) * SlotSize, _slot);
        _file.Sync();
        Current = next;
    }

    private static uint Checksum(ReadOnlySpan<byte> slot) => Crc32C.Compute(slot[..ControlData.CrcOffset]);
}

public sealed class ControlFileCorruptException(string message) : Exception(message);

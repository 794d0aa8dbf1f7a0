namespace TornPages.Storage;

public enum DeviceOp
{
    Write,
    Sync,
    SetLength,
    Rename,
    Delete,
}

/// <summary>One state-changing call of a <see cref="SimulatedDevice"/>, numbered as <see cref="SimulatedDevice.ArmCrash"/> counts.</summary>
public readonly record struct DeviceCall(long Number, DeviceOp Op, string File);

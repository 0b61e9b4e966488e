namespace Registry.Zab.Protocol.Codec;

/// <summary>Why a frame was rejected. The shell drops the connection on any of them.</summary>
public enum FrameError : byte
{
    None = 0,

    /// <summary>The length prefix is too small to hold the frame header.</summary>
    TooShort,

    /// <summary>The length prefix exceeds the configured maximum (checked before buffering the frame).</summary>
    Oversized,

    UnsupportedVersion,

    UnknownType,

    /// <summary>The sender id is not a member of the ensemble (or is the receiver itself).</summary>
    UnknownSender,

    /// <summary>The body ends before the fields its type requires.</summary>
    Truncated,

    /// <summary>The body has bytes after the fields of its type.</summary>
    TrailingBytes,

    /// <summary>A field is out of range (negative zxid, epoch too large, unknown state, bad flag, bad inner length).</summary>
    InvalidField,

    /// <summary>A LEADERINFO or NEWLEADER for an epoch below the receiver's acceptedEpoch.</summary>
    StaleEpoch,
}

namespace Registry.Zab.Protocol.Codec;

public enum FrameDecodeStatus : byte
{
    /// <summary>A whole, valid frame was decoded.</summary>
    Complete,

    /// <summary>The buffer holds only part of a frame; read more and call again.</summary>
    NeedMoreData,

    /// <summary>The frame is invalid: see <see cref="FrameDecodeResult.Error"/>.</summary>
    Rejected,
}

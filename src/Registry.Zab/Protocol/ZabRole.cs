namespace Registry.Zab.Protocol;

/// <summary>What a server is doing in the ensemble; also the state carried in election notifications.</summary>
public enum ZabRole : byte
{
    Looking = 1,
    Following = 2,
    Leading = 3,
    Observing = 4,
}

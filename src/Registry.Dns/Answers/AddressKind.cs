namespace Registry.Dns.Answers;

internal enum AddressKind
{
    IPv4,
    IPv6,

    /// <summary>A host name registered as the address: answered with a CNAME, used directly as the SRV target.</summary>
    Host,
}

using System.Reflection;
using ARSoft.Tools.Net.Dns;

namespace Registry.Dns.Tests.Support;

/// <summary>ARSoft.Tools.Net's own (internal) encoding of a message, exactly what its <see cref="DnsServer"/> sends.</summary>
internal static class ArsoftEncoder
{
    private static readonly Func<DnsMessageBase, DnsRawPackage> EncodeMessage = typeof(DnsMessageBase)
        .GetMethod("Encode", BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes)!
        .CreateDelegate<Func<DnsMessageBase, DnsRawPackage>>();

    public static DnsRawPackage Encode(DnsMessageBase message) => EncodeMessage(message);
}

using Microsoft.AspNetCore.Http;
using Registry.Api.Contracts;
using Registry.Server;
using Registry.Tree;
using Registry.Tree.Acl;
using Registry.Tree.Prepare;

namespace Registry.Api.Http;

/// <summary>
/// Builds the caller's <see cref="RequestContext"/>: ip:&lt;remote address&gt; plus a digest identity per
/// X-Registry-Auth header (super when it matches the configured super digest), and the X-Registry-Session.
/// </summary>
public static class CallerContext
{
    public static RequestContext From(HttpContext http, RegistryServer server)
    {
        var identities = new List<Id>(2);
        if (http.Connection.RemoteIpAddress is { } address)
        {
            identities.Add(new Id(IpMatcher.Scheme, (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()));
        }

        foreach (var header in http.Request.Headers[RegistryHeaders.Auth])
        {
            var value = header ?? "";
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || value[..space] != DigestAuth.Scheme)
            {
                throw new KeeperException(ErrorCode.AuthFailed, $"{RegistryHeaders.Auth} must be 'digest user:password'");
            }

            var id = DigestAuth.IdFor(value[(space + 1)..]);
            identities.Add(new Id(DigestAuth.Scheme, id));
            if (server.Options.SuperDigest is { Length: > 0 } super && id == super)
            {
                identities.Add(Id.Super);
            }
        }

        var sessionId = 0L;
        if (http.Request.Headers.TryGetValue(RegistryHeaders.Session, out var session) && !SessionIds.TryParse(session, out sessionId))
        {
            throw new KeeperException(ErrorCode.BadArguments, $"{RegistryHeaders.Session} '{session}' is not a hex session id");
        }

        return new RequestContext(sessionId, identities);
    }
}

using System.Text;
using Registry.Api.Contracts;
using Registry.Tree;
using Registry.Tree.Acl;

namespace Registry.Api.Http;

/// <summary>ACL conversions: zkCli's "scheme:id:perms" text, cdrwa letters, and the JSON contract.</summary>
public static class AclText
{
    /// <summary>Parses "world:anyone:cdrwa,digest:bob:hash=:r,ip:10.0.0.0/8:r"; throws InvalidAcl.</summary>
    public static IReadOnlyList<AclEntry> Parse(string text)
    {
        var entries = new List<AclEntry>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var first = part.IndexOf(':', StringComparison.Ordinal);
            var last = part.LastIndexOf(':');
            if (first <= 0 || last == first)
            {
                throw new KeeperException(ErrorCode.InvalidAcl, $"ACL entry '{part}' is not scheme:id:perms");
            }

            entries.Add(new AclEntry(ParsePerms(part[(last + 1)..]), new Id(part[..first], part[(first + 1)..last])));
        }

        return entries;
    }

    public static IReadOnlyList<AclEntry> FromDtos(IReadOnlyList<AclEntryDto> dtos) =>
        dtos.Select(d => new AclEntry(ParsePerms(d.Perms ?? ""), new Id(d.Scheme ?? "", d.Id ?? ""))).ToList();

    public static IReadOnlyList<AclEntryDto> ToDtos(IReadOnlyList<AclEntry> acl) =>
        acl.Select(e => new AclEntryDto(FormatPerms(e.Perms), e.Id.Scheme, e.Id.Value)).ToList();

    public static Perms ParsePerms(string letters)
    {
        var perms = Perms.None;
        foreach (var c in letters)
        {
            perms |= c switch
            {
                'c' => Perms.Create,
                'd' => Perms.Delete,
                'r' => Perms.Read,
                'w' => Perms.Write,
                'a' => Perms.Admin,
                _ => throw new KeeperException(ErrorCode.InvalidAcl, $"unknown permission letter '{c}' (use cdrwa)"),
            };
        }

        return perms;
    }

    public static string FormatPerms(Perms perms)
    {
        var text = new StringBuilder(5);
        if (perms.HasFlag(Perms.Create))
        {
            text.Append('c');
        }

        if (perms.HasFlag(Perms.Delete))
        {
            text.Append('d');
        }

        if (perms.HasFlag(Perms.Read))
        {
            text.Append('r');
        }

        if (perms.HasFlag(Perms.Write))
        {
            text.Append('w');
        }

        if (perms.HasFlag(Perms.Admin))
        {
            text.Append('a');
        }

        return text.ToString();
    }
}

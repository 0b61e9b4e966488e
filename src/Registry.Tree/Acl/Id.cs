namespace Registry.Tree.Acl;

/// <summary>An identity: scheme plus scheme-specific id (world:anyone, digest:user:hash, ip:10.0.0.0/8, ...).</summary>
public readonly record struct Id(string Scheme, string Value)
{
    public static readonly Id Anyone = new("world", "anyone");
    public static readonly Id AuthIds = new("auth", "");
    public static readonly Id Super = new("super", "");

    public override string ToString() => $"{Scheme}:{Value}";
}

namespace Registry.Catalog.Model;

/// <summary>Consul's weights: the SRV weight of an instance while passing and while warning.</summary>
public sealed record ServiceWeights(int Passing, int Warning)
{
    public static readonly ServiceWeights Default = new(1, 1);
}

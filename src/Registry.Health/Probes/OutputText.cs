using System.Text;

namespace Registry.Health.Probes;

/// <summary>Reads at most a bounded prefix of a response body as a check's output, whatever the body's size.</summary>
public static class OutputText
{
    public static async Task<string> ReadPrefixAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var filled = 0;
        int read;
        while (filled < maxBytes && (read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, filled);
    }
}

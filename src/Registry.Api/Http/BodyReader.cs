using Microsoft.AspNetCore.Http;

namespace Registry.Api.Http;

/// <summary>Reads a raw request body without ever buffering more than the limit (413 beyond it).</summary>
public static class BodyReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(request.ContentLength.Value, limit);
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 256);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(buffer.Length + read, limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static BadHttpRequestException TooLarge(long size, int limit) =>
        new($"the body is at least {size} bytes; the limit is {limit}", StatusCodes.Status413PayloadTooLarge);
}

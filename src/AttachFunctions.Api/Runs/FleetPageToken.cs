using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace AttachFunctions.Api.Runs;

/// <summary>
/// The continuation token of <c>GET /api/clusters</c>: the instance store's own token, wrapped so callers treat it as
/// opaque (base64url of a small versioned JSON document) and checked before it reaches the store. It is not a secret
/// and not signed: a forged token can only move where the listing of this task hub resumes.
/// </summary>
public static class FleetPageToken
{
    /// <summary>Longer tokens are refused before decoding.</summary>
    public const int MaxLength = 2048;

    private const int Version = 1;

    public static string Encode(string storeToken)
    {
        ArgumentNullException.ThrowIfNull(storeToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(new Envelope(Version, storeToken));
        return Base64Url.EncodeToString(json);
    }

    /// <summary>The store's token, or an error naming what is wrong with the given one.</summary>
    public static bool TryDecode(string token, out string storeToken, out string error)
    {
        ArgumentNullException.ThrowIfNull(token);
        storeToken = "";
        if (token.Length > MaxLength)
        {
            error = $"continuationToken is {token.Length} characters long; tokens this API hands out are at most {MaxLength}.";
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            error = "continuationToken is not base64url; pass back the continuationToken of the previous page unchanged.";
            return false;
        }

        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(bytes);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope is not { V: Version } || string.IsNullOrEmpty(envelope.T) || envelope.T.Any(char.IsControl))
        {
            error = $"continuationToken is not a token this API handed out (expected version {Version}, got {Describe(bytes)}); pass back the continuationToken of the previous page unchanged.";
            return false;
        }

        storeToken = envelope.T;
        error = "";
        return true;
    }

    private static string Describe(byte[] bytes) => bytes.Length == 0 ? "an empty document" : $"{bytes.Length} bytes that are not one";

    private sealed record Envelope(int V, string T);
}

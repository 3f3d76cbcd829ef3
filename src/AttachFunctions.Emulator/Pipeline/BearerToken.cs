using System.Security.Cryptography;
using System.Text;

namespace AttachFunctions.Emulator;

/// <summary>
/// How the emulator reads a bearer token. It never validates signatures: any non-empty token is accepted, and a token
/// written as <c>key=value</c> pairs separated by ';' can state its audience and principal, e.g.
/// <c>aud=https://management.azure.com/.default;oid=2b3c...</c>. A fake TokenCredential in tests issues such tokens from
/// the requested scopes. Without <c>oid</c> the principal is derived from a hash of the token (one token, one principal);
/// without <c>aud</c> the audience is not checked.
/// </summary>
public sealed record BearerToken(string? Audience, string Principal)
{
    /// <summary>The token itself (compared with static cluster tokens; never journalled).</summary>
    internal string Raw { get; init; } = "";

    /// <summary>Parses the value after "Bearer ".</summary>
    public static BearerToken Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        string? audience = null;
        string? principal = null;
        foreach (var part in token.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = part[..eq];
            var value = part[(eq + 1)..];
            if (key.Equals("aud", StringComparison.OrdinalIgnoreCase))
            {
                audience = value;
            }
            else if (key.Equals("oid", StringComparison.OrdinalIgnoreCase) || key.Equals("principal", StringComparison.OrdinalIgnoreCase))
            {
                principal = value;
            }
        }

        principal ??= "token-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12];
        return new BearerToken(audience, principal) { Raw = token };
    }

    /// <summary>Whether the stated audience (if any) is one of the given resources (compared without "/.default" and trailing '/').</summary>
    public bool AudienceIsOneOf(params string[] resources)
    {
        if (Audience is null)
        {
            return true;
        }

        return Audience.Split(',', ' ').Select(Normalize).Any(a => resources.Any(r => Normalize(r).Equals(a, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Whether the audience is explicitly one of the given resources (an absent audience does not count).</summary>
    public bool AudienceIsExactly(params string[] resources) => Audience is not null && AudienceIsOneOf(resources);

    private static string Normalize(string value)
    {
        var v = value.Trim();
        if (v.EndsWith("/.default", StringComparison.OrdinalIgnoreCase))
        {
            v = v[..^"/.default".Length];
        }

        return v.TrimEnd('/');
    }
}

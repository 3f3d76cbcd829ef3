using System.Security.Cryptography;
using System.Text;

namespace AttachFunctions.Core.Naming;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same inputs always give the same GUID, so a role assignment
/// written twice has one name and the second PUT is a no-op instead of a duplicate.
/// </summary>
public static class DeterministicGuid
{
    /// <summary>The namespace of role assignment names: a fixed GUID of this product.</summary>
    public static readonly Guid RoleAssignmentNamespace = Guid.Parse("5b2c3a8e-3f1d-4c6e-9a57-0d8e4f1b7c21");

    /// <summary>The GUID for a role assignment of <paramref name="roleGuid"/> to <paramref name="principalId"/> at <paramref name="scope"/>.</summary>
    public static Guid ForRoleAssignment(string scope, Guid roleGuid, string principalId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(principalId);
        var name = $"{scope.TrimEnd('/').ToLowerInvariant()}|{roleGuid:D}|{principalId.ToLowerInvariant()}";
        return Create(RoleAssignmentNamespace, name);
    }

    /// <summary>A version-5 UUID of <paramref name="name"/> in <paramref name="namespaceId"/>.</summary>
    public static Guid Create(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> ns = stackalloc byte[16];
        namespaceId.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 specifies for version-5 UUIDs; it is not used for security here.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

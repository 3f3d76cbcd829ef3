namespace AttachFunctions.Emulator;

/// <summary>What one principal may do on a cluster's namespaces, and from when (grants take a while to propagate).</summary>
internal sealed record KubernetesGrant(IReadOnlySet<string> Verbs, DateTimeOffset EffectiveFrom)
{
    public bool Allows(string verb, DateTimeOffset now) => now >= EffectiveFrom && (Verbs.Contains("*") || Verbs.Contains(verb));
}

using AttachFunctions.Core.Policy;

namespace AttachFunctions.Core.Desired;

/// <summary>A namespace as the policy wants it on one cluster: its name, full label and annotation sets, and ownership rules.</summary>
public sealed record DesiredNamespace(
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    bool Shared,
    bool Adopt,
    NamespaceAccessStrategy Access,
    KeyVaultKubeconfigRef? KeyVault);

/// <summary>Where to read a cluster's kubeconfig: a vault and the rendered secret name.</summary>
public sealed record KeyVaultKubeconfigRef(string VaultUri, string SecretName);

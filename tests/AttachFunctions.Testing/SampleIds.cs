namespace AttachFunctions.Testing;

/// <summary>
/// The ids of the emulator's sample world (samples/scenario.json): one copy for every suite and the bench
/// (<c>using static AttachFunctions.Testing.SampleIds;</c>). A test that edits the scenario keeps these names.
/// </summary>
public static class SampleIds
{
    public const string Tenant = "aaaaaaaa-0000-0000-0000-000000000001";
    public const string Sub1 = "11111111-1111-1111-1111-111111111111";
    public const string Sub2 = "22222222-2222-2222-2222-222222222222";

    /// <summary>The automation's own principal (the identity the product runs as).</summary>
    public const string AutomationPrincipal = "55555555-0000-0000-0000-000000000001";

    /// <summary>A service principal of the scenario that replicates late (30 s in the sample).</summary>
    public const string NewTeamPrincipal = "55555555-0000-0000-0000-000000000002";

    /// <summary>ws-research's system-assigned identity.</summary>
    public const string WsResearchPrincipal = "44444444-0000-0000-0000-000000000001";

    /// <summary>The principal of id-ws-prod, ws-prod's user-assigned identity.</summary>
    public const string WsProdIdentityPrincipal = "33333333-0000-0000-0000-000000000001";

    public const string WsProdIdentity = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ws-prod";
    public const string Research = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-research";
    public const string Prod = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-prod";
    public const string Registry = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.ContainerRegistry/registries/crmlshared";
    public const string Storage = $"/subscriptions/{Sub1}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/stmlshared";
    public const string Relay = $"/subscriptions/{Sub1}/resourceGroups/rg-arc-edge/providers/Microsoft.Relay/namespaces/relay-arc-edge-01";
    public const string AksResearch = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-01";
    public const string AksProd = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-01";
    public const string AksSandbox = $"/subscriptions/{Sub1}/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-sandbox-01";
    public const string AksPartner = $"/subscriptions/{Sub2}/resourceGroups/rg-aks-partner/providers/Microsoft.ContainerService/managedClusters/aks-partner-01";
    public const string ArcEdge1 = $"/subscriptions/{Sub1}/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-01";
    public const string ArcEdge2 = $"/subscriptions/{Sub1}/resourceGroups/rg-arc-edge/providers/Microsoft.Kubernetes/connectedClusters/arc-edge-02";

    /// <summary>The clusters of the sample that the sample policy attaches once their extension is ready.</summary>
    public static IReadOnlyList<string> AttachableClusters { get; } = [AksResearch, AksProd, ArcEdge1];
}

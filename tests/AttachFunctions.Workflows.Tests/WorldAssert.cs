using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;

namespace AttachFunctions.Workflows.Tests;

/// <summary>Assertions on the emulator's end state (what exists), not on call sequences.</summary>
public static class WorldAssert
{
    /// <summary>Every attachment the policy wants for the cluster exists: namespace, compute (Succeeded) and its grants.</summary>
    public static async Task AttachedAsync(TestWorld world, string clusterId)
    {
        var desired = await DesiredAsync(world, clusterId);
        Assert.NotEmpty(desired.Attachments);
        var namespaces = world.Emulator.State.Namespaces(clusterId);
        foreach (var a in desired.Attachments)
        {
            var ns = namespaces.SingleOrDefault(n => n.Name == a.Namespace.Name);
            Assert.True(ns is not null, $"namespace {a.Namespace.Name} missing on {clusterId}");
            Assert.Equal("Active", ns.Phase);
            foreach (var (key, value) in a.Namespace.Labels)
            {
                Assert.Equal(value, ns.Labels.GetValueOrDefault(key));
            }

            var compute = world.Emulator.State.Compute(a.Workspace.Id, a.ComputeName);
            Assert.True(compute is not null, $"compute {a.Key} missing");
            Assert.Equal("Succeeded", compute.ProvisioningState);
            Assert.Equal(a.Namespace.Name, compute.Namespace);
            Assert.Equal(clusterId, compute.ResourceId, ignoreCase: true);
            Assert.NotNull(compute.PrincipalId);
            foreach (var grant in a.ComputeGrants)
            {
                Assert.True(HasAssignment(world, compute.PrincipalId, grant.Role.DefinitionGuid, grant.Scope), $"{grant.Role.DisplayName} on {grant.Scope} missing for {a.Key}");
            }
        }
    }

    /// <summary>Nothing of the policy's attachments exists for the cluster (no compute in any policy workspace points at it).</summary>
    public static void NotAttached(TestWorld world, string clusterId, params string[] workspaceIds)
    {
        foreach (var ws in workspaceIds)
        {
            Assert.DoesNotContain(world.Emulator.State.Computes(ws), c => string.Equals(c.ResourceId, clusterId, StringComparison.OrdinalIgnoreCase));
        }
    }

    public static bool HasAssignment(TestWorld world, string principalId, Guid role, string scope) =>
        world.Emulator.State.RoleAssignments(principalId).Any(r =>
            Guid.TryParse(r.RoleDefinitionGuid, out var g) && g == role && string.Equals(r.Scope.TrimEnd('/'), scope, StringComparison.OrdinalIgnoreCase));

    public static async Task<DesiredClusterState> DesiredAsync(TestWorld world, string clusterId)
    {
        var cluster = await world.Runtime.Arm.GetClusterAsync(ClusterId.Parse(clusterId), CancellationToken.None);
        Assert.NotNull(cluster);
        return DesiredStateBuilder.Build(world.Policy, cluster.ToInfo());
    }
}

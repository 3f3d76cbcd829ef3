using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AttachFunctions.Architecture.Tests;

/// <summary>
/// One apply path: the ARM and Kubernetes gateways' write operations are called only by the ensure-steps, and the
/// ensure-steps only by the workflows' activities. So neither the CLI, the bench, a test world nor any other product
/// code can change a cluster by a route the durable engine does not take. Read from the IL of every built assembly.
/// </summary>
public sealed class WriteRouteTests
{
    private const string EnsureSteps = "AttachFunctions.Infrastructure.Reconciliation.EnsureSteps";

    /// <summary>The operations that change Azure or a cluster, by declaring type.</summary>
    private static readonly Dictionary<string, string[]> GatewayWrites = new(StringComparer.Ordinal)
    {
        ["AttachFunctions.Infrastructure.Arm.IArmGateway"] = ["CreateComputeAsync", "DetachComputeAsync", "PutRoleAssignmentAsync", "PutManagedNamespaceAsync"],
        ["AttachFunctions.Infrastructure.Arm.ArmGateway"] = ["CreateComputeAsync", "DetachComputeAsync", "PutRoleAssignmentAsync", "PutManagedNamespaceAsync"],
        ["AttachFunctions.Infrastructure.Kubernetes.INamespaceGateway"] = ["CreateAsync", "UpdateAsync"],
        ["AttachFunctions.Infrastructure.Kubernetes.KubernetesApiNamespaceGateway"] = ["CreateAsync", "UpdateAsync"],
        ["AttachFunctions.Infrastructure.Kubernetes.ManagedNamespaceGateway"] = ["CreateAsync", "UpdateAsync"],
    };

    /// <summary>The gateways may call each other (a managed-namespace gateway writes through the ARM gateway).</summary>
    private static readonly HashSet<string> Gateways = new(GatewayWrites.Keys, StringComparer.Ordinal);

    public static TheoryData<string, string> Assemblies()
    {
        var data = new TheoryData<string, string>();
        foreach (var (project, assembly) in BuiltAssemblies.Product.Concat(BuiltAssemblies.Others()))
        {
            data.Add(project, assembly);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void GatewayWrites_CalledOnlyByTheEnsureSteps(string project, string assembly)
    {
        var offenders = Calls(project, assembly)
            .Where(c => GatewayWrites.TryGetValue(c.Callee.DeclaringType.FullName, out var writes) && writes.Contains(c.Callee.Name))
            .Where(c => c.Caller != EnsureSteps && !Gateways.Contains(c.Caller))
            .Select(c => $"{c.Caller}.{c.CallerMethod} calls {c.Callee.DeclaringType.Name}.{c.Callee.Name}")
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, $"{assembly} writes outside the ensure-steps:\n{string.Join("\n", offenders)}");
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void EnsureSteps_CalledOnlyByTheWorkflowActivities(string project, string assembly)
    {
        var offenders = Calls(project, assembly)
            .Where(c => c.Callee.DeclaringType.FullName == EnsureSteps && IsEnsureStep(c.Callee.Name))
            .Where(c => c.Caller != EnsureSteps && !c.Caller.StartsWith("AttachFunctions.Workflows.Activities.", StringComparison.Ordinal))
            .Select(c => $"{c.Caller}.{c.CallerMethod} calls EnsureSteps.{c.Callee.Name}")
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, $"{assembly} applies outside the durable activities:\n{string.Join("\n", offenders)}");
    }

    [Fact]
    public void Scan_SeesTheActivitiesCallingTheEnsureSteps()
    {
        // Guards the scan itself: if it stopped seeing calls, the two rules above would pass vacuously.
        var calls = Calls("src/AttachFunctions.Workflows", "AttachFunctions.Workflows")
            .Where(c => c.Callee.DeclaringType.FullName == EnsureSteps && IsEnsureStep(c.Callee.Name))
            .Select(c => c.Callee.Name)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["EnsureNamespaceAsync", "EnsurePrerequisitesAsync", "EnsureComputeAsync", "EnsureComputeGrantsAsync", "DetachAsync"]), calls);
    }

    private static bool IsEnsureStep(string name) => name.StartsWith("Ensure", StringComparison.Ordinal) || name == "DetachAsync";

    /// <summary>Every call in the assembly, with the top-level type it is made from (async state machines and lambdas fold into their type).</summary>
    private static List<(string Caller, string CallerMethod, MethodReference Callee)> Calls(string project, string assembly)
    {
        using var module = ModuleDefinition.ReadModule(BuiltAssemblies.PathOf(project, assembly));
        var calls = new List<(string, string, MethodReference)>();
        foreach (var type in module.GetTypes())
        {
            var owner = type;
            while (owner.DeclaringType is not null)
            {
                owner = owner.DeclaringType;
            }

            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions)
                {
                    if (instruction.OpCode.Code is Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn && instruction.Operand is MethodReference callee)
                    {
                        calls.Add((owner.FullName, method.Name, callee));
                    }
                }
            }
        }

        return calls;
    }
}

using AttachFunctions.Infrastructure;
using AttachFunctions.Infrastructure.Arm;
using AttachFunctions.Infrastructure.Kubernetes;
using AttachFunctions.Infrastructure.Reconciliation;
using AttachFunctions.Infrastructure.Resilience;

namespace AttachFunctions.Api.Options;

/// <summary>
/// Every options class the product binds from configuration, with its section: app setting <c>Section__Property</c>
/// (for example <c>Arm__MaxRetries</c>). local.settings.sample.json documents exactly these; the deployment writes a
/// subset and leaves the rest to their defaults.
/// </summary>
public static class BoundSettings
{
    public static IReadOnlyList<(Type Options, string Section)> Sections { get; } =
    [
        (typeof(AttachPolicyOptions), AttachPolicyOptions.Section),
        (typeof(DriftRepairOptions), DriftRepairOptions.Section),
        (typeof(EventGridOptions), EventGridOptions.Section),
        (typeof(SecurityOptions), SecurityOptions.Section),
        (typeof(ReconcileOptions), ReconcileOptions.Section),
        (typeof(RunsOptions), RunsOptions.Section),
        (typeof(ArmConnectionOptions), AttachRuntimeRegistration.ArmSection),
        (typeof(ResilienceOptions), AttachRuntimeRegistration.ResilienceSection),
        (typeof(KubernetesAccessOptions), AttachRuntimeRegistration.KubernetesSection),
        (typeof(WorkspaceIdentityOptions), WorkspaceIdentityOptions.Section),
    ];

    /// <summary>The app setting names (<c>Section__Property</c>) of every property bindable from a string.</summary>
    public static IReadOnlyList<string> Names() =>
        Sections.SelectMany(s => s.Options.GetProperties()
                .Where(p => p.SetMethod is { IsPublic: true } && IsScalar(p.PropertyType))
                .Select(p => $"{s.Section}__{p.Name}"))
            .ToArray();

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(Uri) || t == typeof(decimal);
    }
}

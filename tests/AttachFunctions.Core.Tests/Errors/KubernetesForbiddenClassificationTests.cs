using AttachFunctions.Core.Errors;
using AttachFunctions.Infrastructure.Errors;

namespace AttachFunctions.Core.Tests.Errors;

/// <summary>The one classifier tells a Kubernetes 403 (RBAC inside the cluster, retried while a grant propagates) from an ARM 403.</summary>
public sealed class KubernetesForbiddenClassificationTests
{
    [Fact]
    public void Kubernetes403Forbidden_IsAPermissionDenial_RetriedSlowly()
    {
        var forbidden = new KubernetesRequestException(403, "Forbidden", "namespaces is forbidden: User \"u\" cannot create resource \"namespaces\" in API group \"\" at the cluster scope");

        Assert.True(ErrorClassifier.IsKubernetesPermissionDenied(forbidden));
        Assert.Equal(ErrorClass.RetryableSlow, ErrorClassifier.Classify(forbidden).Class);
        Assert.Contains("Kubernetes RBAC", ErrorClassifier.Classify(forbidden).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm403_IsNeverTakenForAKubernetesPermissionDenial()
    {
        var arm = new ArmRequestException(403, "AuthorizationFailed", "The client does not have authorization");

        Assert.False(ErrorClassifier.IsKubernetesPermissionDenied(arm));
        Assert.Equal("AuthorizationFailed", ErrorClassifier.Classify(arm).Reason);
    }

    [Fact]
    public void Kubernetes401_IsFatal_NotAPermissionDenial()
    {
        var unauthorized = new KubernetesRequestException(401, "Unauthorized", "Unauthorized");

        Assert.False(ErrorClassifier.IsKubernetesPermissionDenied(unauthorized));
        Assert.Equal(ErrorClass.Fatal, ErrorClassifier.Classify(unauthorized).Class);
    }
}

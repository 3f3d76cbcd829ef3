using Xunit;

namespace AttachFunctions.TestSupport;

/// <summary>
/// Access to the shared contract files (official Azure REST examples and OpenAPI schemas) that live beside the
/// repository in <c>../shared/contracts</c>. They are third-party data and are read in place, never copied into the
/// project. When the folder is missing, a test fails with a clear message if the <c>CI</c> variable is set, and is
/// skipped with the same message elsewhere.
/// </summary>
public static class SharedContracts
{
    /// <summary>The environment variable that overrides where the shared folder is.</summary>
    public const string OverrideVariable = "ATTACHFUNCTIONS_SHARED_DIR";

    /// <summary>The contracts folder, or a failure/skip when it cannot be found.</summary>
    public static string Directory
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable(OverrideVariable);
            if (string.IsNullOrWhiteSpace(shared))
            {
                shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoPaths.Root, "..", "shared"));
            }

            var contracts = System.IO.Path.Combine(shared, "contracts");
            if (System.IO.Directory.Exists(contracts))
            {
                return contracts;
            }

            var message =
                $"The shared contracts folder '{contracts}' is missing. These tests read the official Azure REST examples " +
                $"and OpenAPI schemas from ../shared/contracts beside the repository (or from ${OverrideVariable}/contracts).";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
            return contracts; // not reached
        }
    }

    /// <summary>A file under the contracts folder, e.g. <c>File("examples", "authorization", ...)</c>.</summary>
    public static string File(params string[] parts)
    {
        var full = System.IO.Path.Combine([Directory, .. parts]);
        if (!System.IO.File.Exists(full) && !System.IO.Directory.Exists(full))
        {
            Assert.Fail($"The shared contract file '{full}' does not exist; the contracts folder is incomplete.");
        }

        return full;
    }
}

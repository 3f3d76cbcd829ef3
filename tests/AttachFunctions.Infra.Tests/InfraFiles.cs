using System.Text.Json;
using AttachFunctions.TestSupport;

namespace AttachFunctions.Infra.Tests;

/// <summary>The data files under infra/ that the Bicep, the app and these tests share.</summary>
public static class InfraFiles
{
    public sealed record EventOperations(IReadOnlyList<string> IncludedEventTypes, IReadOnlyList<string> OperationNames);

    public sealed record AppSetting(string Name, string Description);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>infra/event-operations.json: the event types and ARM operation names the app handles.</summary>
    public static EventOperations ReadEventOperations() =>
        JsonSerializer.Deserialize<EventOperations>(File.ReadAllText(RepoPaths.Combine("infra", "event-operations.json")), Web)
        ?? throw new InvalidDataException("infra/event-operations.json is empty.");

    /// <summary>infra/app-settings.json: every app setting the Bicep writes, with what it is for.</summary>
    public static IReadOnlyList<AppSetting> ReadAppSettings() =>
        JsonSerializer.Deserialize<AppSetting[]>(File.ReadAllText(RepoPaths.Combine("infra", "app-settings.json")), Web)
        ?? throw new InvalidDataException("infra/app-settings.json is empty.");
}

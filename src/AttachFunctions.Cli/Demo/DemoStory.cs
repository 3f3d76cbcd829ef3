using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttachFunctions.Cli.Api;
using AttachFunctions.Cli.Hosting;
using AttachFunctions.Cli.Output;
using AttachFunctions.Core.Clusters;
using AttachFunctions.Core.Desired;
using AttachFunctions.Core.Diagnostics;
using AttachFunctions.Core.Policy;
using AttachFunctions.Core.Roles;
using AttachFunctions.Emulator;
using AttachFunctions.Workflows;
using AttachFunctions.Workflows.Model;
using Microsoft.DurableTask.Client;
using Spectre.Console;

namespace AttachFunctions.Cli.Demo;

/// <summary>
/// The demo: the product's whole job on the embedded emulator, driven over real HTTP through the local API exactly as
/// Event Grid and an operator would drive the deployed Functions app. Each step prints what happened; the end checks
/// the emulator's state and exits 0 only when the story converged.
/// </summary>
internal sealed partial class DemoStory
{
    private const string ManagedByLabel = "app.kubernetes.io/managed-by";
    private static readonly TimeSpan ExtensionFinishesAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StoryTimeout = TimeSpan.FromSeconds(150);

    private readonly CliConsole _console;
    private readonly string? _scenarioPath;
    private readonly string? _policyPath;
    private readonly double _chaos;
    private readonly List<string> _log = [];
    private readonly Stopwatch _clock = new();
    private int _eventsDelivered;
    private AttachPolicy? _policy;

    public DemoStory(CliConsole console, string? scenarioPath, string? policyPath, double chaos)
    {
        _console = console;
        _scenarioPath = scenarioPath;
        _policyPath = policyPath;
        _chaos = chaos;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        _clock.Start();
        var loaded = PolicySource.Load(_policyPath, allowSample: true);
        var policy = loaded.Policy;
        _policy = policy;
        var options = new TargetOptions { Emulator = true, ScenarioPath = _scenarioPath, Chaos = _chaos, Pace = EmulatorPace.Demo };
        var scenario = options.LoadScenario();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StoryTimeout);
        ct = timeout.Token;

        await using var stack = await LocalStack.StartAsync(options, loaded, 0, ct);
        var api = stack.Api!;
        using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var world = new DemoWorld(stack, policy, scenario);
        Say("attachctl demo: the AttachFunctions story on the embedded emulator (a local stand-in for ARM and Kubernetes; no Azure involved)");
        Say($"  emulator: {stack.Emulator.ArmEndpoint}   local API: {api.BaseAddress}   Durable engine: in-process");
        Say($"  world: {world.Clusters.Count} clusters, {world.Workspaces.Count} workspaces; policy: {policy.Rules.Count} rules{(_chaos > 0 ? $"; chaos: {_chaos:P0} of ARM calls answer 429/503" : "")}");

        Heading("1/6 Event Grid deliveries to POST /api/events");
        var runs = await DeliverAsync(http, world, ct);

        Heading("2/6 Live progress (GET /api/clusters/attach/{id})");
        var statuses = await WatchAsync(http, world, runs, ct);

        Heading("3/6 Final state (read from the emulator)");
        var firstConvergence = await ShowFinalStateAsync(http, world, statuses, ct);

        Heading("4/6 Injected drift");
        var drifts = InjectDrift(world, statuses);
        if (drifts.Count > 0)
        {
            await ShowDriftPlansAsync(http, drifts, ct);
        }

        Heading("5/6 Drift repair (the DriftRepair orchestration, as the timer starts it)");
        var repair = drifts.Count == 3 ? await RepairAsync(http, world, drifts, ct) : null;

        Heading("6/6 Summary");
        return Summarize(world, statuses, firstConvergence, drifts, repair);
    }

    private async Task<Dictionary<ClusterId, string>> DeliverAsync(HttpClient http, DemoWorld world, CancellationToken ct)
    {
        var payloads = new EventPayloads(DateTimeOffset.UnixEpoch.AddYears(56));
        var runs = new Dictionary<ClusterId, string>();

        using (var validation = JsonRequest(payloads.Validation("demo-validation-code").ToJsonString(), "application/json", "SubscriptionValidation"))
        {
            using var response = await http.SendAsync(validation, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            using var answer = JsonDocument.Parse(body);
            Say($"  handshake (Event Grid schema): SubscriptionValidation → {(int)response.StatusCode}, validationResponse: {(answer.RootElement.TryGetProperty("validationResponse", out var code) ? code.GetString() : body)}");
        }

        using (var options = new HttpRequestMessage(HttpMethod.Options, "api/events"))
        {
            options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
            using var response = await http.SendAsync(options, ct);
            Say($"  handshake (CloudEvents): OPTIONS → {(int)response.StatusCode}, WebHook-Allowed-Origin: {string.Join(",", response.Headers.TryGetValues("WebHook-Allowed-Origin", out var v) ? v : [])}");
        }

        // Cluster writes, as one Event Grid batch (a JSON array); the first event arrives twice (at-least-once delivery).
        var batch = new JsonArray();
        foreach (var cluster in world.Clusters)
        {
            batch.Add(payloads.EventGridEvent(cluster.Id, cluster.Id.Id, EventPayloads.ClusterWriteOperation(cluster.Id), stringEncoded: batch.Count % 2 == 1));
        }

        if (world.Clusters.Count > 0)
        {
            batch.Add(payloads.EventGridEvent(world.Clusters[0].Id, world.Clusters[0].Id.Id, EventPayloads.ClusterWriteOperation(world.Clusters[0].Id)));
        }

        var sent = world.Clusters.Select(c => c.Id).ToList();
        if (sent.Count > 0)
        {
            sent.Add(sent[0]);
        }

        await PostEventsAsync(http, "Event Grid schema", sent, batch.ToJsonString(), "application/json", runs, ct);

        // Extension writes for extensions still installing, as CloudEvents 1.0.
        var installing = world.Clusters.Where(c => c.InstallingExtension is not null).ToList();
        if (installing.Count > 0)
        {
            var cloudEvents = installing.Select(c => payloads.CloudEvent(c.Id, EventPayloads.ExtensionId(c.Id, c.InstallingExtension!.Name), EventPayloads.ExtensionWriteOperation)).ToList();
            var single = cloudEvents.Count == 1;
            var body = single ? cloudEvents[0].ToJsonString() : new JsonArray([.. cloudEvents]).ToJsonString();
            await PostEventsAsync(http, single ? "CloudEvents" : "CloudEvents batch", installing.Select(c => c.Id).ToList(), body, single ? "application/cloudevents+json" : "application/cloudevents-batch+json", runs, ct);
        }

        world.Payloads = payloads;
        return runs;
    }

    private async Task PostEventsAsync(HttpClient http, string schema, List<ClusterId> clusters, string body, string contentType, Dictionary<ClusterId, string> runs, CancellationToken ct)
    {
        var count = clusters.Count;
        using var request = JsonRequest(body, contentType, "Notification");
        using var response = await http.SendAsync(request, ct);
        _eventsDelivered += count;
        var text = await response.Content.ReadAsStringAsync(ct);
        Say($"  delivery ({schema}, {count} event{(count == 1 ? "" : "s")}) → {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode)
        {
            Say("    " + text);
            return;
        }

        using var document = JsonDocument.Parse(text);
        Say($"    accepted {document.RootElement.GetProperty("accepted").GetInt32()} cluster(s), ignored {document.RootElement.GetProperty("ignored").GetInt32()} event(s)");
        foreach (var cluster in clusters.Distinct().Where(c => _policy!.Scope.Contains(c.Id, out _)))
        {
            var instanceId = InstanceIds.ForReconcile(cluster);
            var isNew = runs.TryAdd(cluster, instanceId);
            Say($"    {cluster.Name,-16} → {(isNew ? "run" : "recheck of run")} {instanceId}");
        }
    }

    private async Task<Dictionary<ClusterId, ApiRunStatus>> WatchAsync(HttpClient http, DemoWorld world, Dictionary<ClusterId, string> runs, CancellationToken ct)
    {
        var statuses = new Dictionary<ClusterId, ApiRunStatus>();
        var seen = new Dictionary<ClusterId, string>();
        var started = _clock.Elapsed;
        var driven = world.Clusters.All(c => c.InstallingExtension is null);
        var events = new List<string>();

        async Task<bool> PollAsync()
        {
            if (!driven && _clock.Elapsed - started >= ExtensionFinishesAfter)
            {
                driven = true;
                events.AddRange(await FinishInstallsAsync(http, world, runs, ct));
            }

            foreach (var (cluster, instanceId) in runs)
            {
                var status = await http.GetFromJsonAsync<ApiRunStatus>("api/clusters/attach/" + instanceId, CliConsole.JsonOptions, ct);
                if (status is not null)
                {
                    statuses[cluster] = status;
                }
            }

            return driven && statuses.Count == runs.Count && statuses.Values.All(s => s.IsFinished);
        }

        if (_console.Interactive)
        {
            await _console.Out.Live(new Text("starting...")).StartAsync(async live =>
            {
                while (!await PollAsync())
                {
                    live.UpdateTarget(ProgressTable(world, statuses, events));
                    await Task.Delay(250, ct);
                }

                live.UpdateTarget(ProgressTable(world, statuses, events));
            });
            return statuses;
        }

        while (true)
        {
            var done = await PollAsync();
            foreach (var line in events)
            {
                Say(line);
            }

            events.Clear();
            foreach (var cluster in world.Clusters.Select(c => c.Id).Where(statuses.ContainsKey))
            {
                var line = ProgressLine(statuses[cluster]);
                if (!seen.TryGetValue(cluster, out var previous) || previous != line)
                {
                    seen[cluster] = line;
                    Say($"  {_clock.Elapsed.TotalSeconds,5:0.0}s  {cluster.Name,-16} {line}");
                }
            }

            if (done)
            {
                return statuses;
            }

            await Task.Delay(250, ct);
        }
    }

    /// <summary>The installing extensions reach their final state (the sample says after 20-30 s; the demo speeds it up) and Event Grid tells us.</summary>
    private async Task<List<string>> FinishInstallsAsync(HttpClient http, DemoWorld world, Dictionary<ClusterId, string> runs, CancellationToken ct)
    {
        var lines = new List<string>();
        var batch = new JsonArray();
        foreach (var cluster in world.Clusters.Where(c => c.InstallingExtension is not null))
        {
            var ext = cluster.InstallingExtension!;
            var final = ext.Then ?? "Succeeded";
            world.State.SetExtensionState(cluster.Id.Id, ext.Name, final, ext.ExtensionType);
            lines.Add($"  {_clock.Elapsed.TotalSeconds,5:0.0}s  [emulator] extension '{ext.Name}' on {cluster.Id.Name}: {ext.ProvisioningState} → {final}");
            batch.Add(world.Payloads!.EventGridEvent(cluster.Id, EventPayloads.ExtensionId(cluster.Id, ext.Name), EventPayloads.ExtensionWriteOperation));
        }

        using var request = JsonRequest(batch.ToJsonString(), "application/json", "Notification");
        using var response = await http.SendAsync(request, ct);
        _eventsDelivered += batch.Count;
        lines.Add($"  {_clock.Elapsed.TotalSeconds,5:0.0}s  delivery (Event Grid schema, {batch.Count} extension write event(s)) → {(int)response.StatusCode}");
        foreach (var cluster in world.Clusters.Where(c => c.InstallingExtension is not null))
        {
            lines.Add($"           {cluster.Id.Name,-16} → recheck of run {runs.GetValueOrDefault(cluster.Id, InstanceIds.ForReconcile(cluster.Id))} (or a new run if it had ended)");
            runs.TryAdd(cluster.Id, InstanceIds.ForReconcile(cluster.Id));
        }

        return lines;
    }

    private static string ProgressLine(ApiRunStatus status)
    {
        if (status.IsFinished)
        {
            var diagnoses = status.Report is { } r ? Diagnoses(r).Select(d => d.Code).Distinct().ToArray() : [];
            return $"{status.Result ?? status.RuntimeStatus}{(status.Report is { } rep ? $" ({(rep.Generation > 1 ? $"generation {rep.Generation}, " : "")}{rep.Writes} write(s))" : "")}{(diagnoses.Length > 0 ? " " + string.Join(", ", diagnoses) : "")}{(status.Failure is { } f ? " " + f.Message : "")}";
        }

        var attachments = string.Join("; ", status.Attachments.Select(a => $"{a.Key} {a.State}{(a.Step is null ? "" : $" ({a.Step})")}"));
        return $"{status.Phase}{(status.Generation > 1 ? $" (generation {status.Generation})" : "")}{(attachments.Length > 0 ? "  " + attachments : "")}";
    }

    private Table ProgressTable(DemoWorld world, Dictionary<ClusterId, ApiRunStatus> statuses, List<string> events)
    {
        var table = _console.Table("Cluster", "Phase / result", "Attachments");
        foreach (var cluster in world.Clusters)
        {
            if (!statuses.TryGetValue(cluster.Id, out var s))
            {
                CliConsole.AddRow(table, cluster.Id.Name, "not started", "");
                continue;
            }

            var phase = s.IsFinished ? ProgressLine(s) : s.Phase + (s.Generation > 1 ? $" (gen {s.Generation})" : "");
            var attachments = string.Join(Environment.NewLine, s.Attachments.Select(a => $"{a.Key}: {a.State}{(a.Step is null ? "" : $" ({a.Step})")}"));
            CliConsole.AddRow(table, cluster.Id.Name, phase, attachments);
        }

        if (events.Count > 0)
        {
            table.Caption(Markup.Escape(string.Join(Environment.NewLine, events.Select(e => e.Trim()))));
        }

        return table;
    }

    internal static IEnumerable<Diagnosis> Diagnoses(ReconcileRunReport report) =>
        report.Blockers.Concat(report.Attachments.SelectMany(a => a.Steps).Concat(report.Cleanup).Select(s => s.Diagnosis).OfType<Diagnosis>());

    private void Heading(string text)
    {
        if (_console.Json)
        {
            _log.Add("== " + text + " ==");
        }
        else
        {
            _console.Heading(text);
        }
    }

    private void Say(string line)
    {
        if (_console.Json)
        {
            _log.Add(line);
        }
        else
        {
            _console.Line(line);
        }
    }

    private static HttpRequestMessage JsonRequest(string body, string contentType, string eventGridType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        request.Headers.Add("aeg-event-type", eventGridType);
        return request;
    }

    private static string Short(string resourceId) => resourceId[(resourceId.LastIndexOf('/') + 1)..];

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}

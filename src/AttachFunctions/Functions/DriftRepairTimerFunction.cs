using AttachFunctions.Api.Handlers;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace AttachFunctions.Functions;

/// <summary>The drift-repair timer (NCRONTAB from <c>DriftRepair:Schedule</c>): starts the singleton fleet run unless one runs.</summary>
public sealed class DriftRepairTimerFunction
{
    private readonly DriftRepairTimerHandler _handler;

    public DriftRepairTimerFunction(DriftRepairTimerHandler handler)
    {
        _handler = handler;
    }

    [Function("DriftRepairTimer")]
    public Task Run(
        [TimerTrigger("%DriftRepair:Schedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        _handler.HandleAsync(client, context?.CancellationToken ?? CancellationToken.None);
}

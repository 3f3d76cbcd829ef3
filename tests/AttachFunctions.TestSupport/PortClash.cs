using System.Net.Sockets;

namespace AttachFunctions.TestSupport;

/// <summary>
/// The in-process Durable engine picks a free loopback port and then binds it; with several test hosts starting at once
/// another listener can take the port in between. Starting again picks another port.
/// </summary>
public static class PortClash
{
    public static async Task<T> RetryAsync<T>(Func<Task<T>> start, int attempts = 3)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start();
            }
            catch (IOException ex) when (attempt < attempts && IsAddressInUse(ex))
            {
                // Try again: the next start chooses a new port.
            }
        }
    }

    private static bool IsAddressInUse(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }
}

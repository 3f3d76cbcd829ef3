using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AttachFunctions.TestSupport;

/// <summary>Builds requests as the Functions host hands them to an HTTP trigger, and reads the results triggers return.</summary>
public static class TriggerHttp
{
    public static HttpRequest Request(
        string method, string? body = null, string contentType = "application/json", IDictionary<string, string>? headers = null, string? query = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("attach.example.net");
        if (body is not null)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        return context.Request;
    }

    /// <summary>The status code and body of a trigger's result.</summary>
    public static (int Status, string Body) Read(IActionResult result) => result switch
    {
        ContentResult c => (c.StatusCode ?? 200, c.Content ?? ""),
        StatusCodeResult s => (s.StatusCode, ""),
        ObjectResult o => (o.StatusCode ?? 200, System.Text.Json.JsonSerializer.Serialize(o.Value)),
        _ => throw new InvalidOperationException($"unexpected result {result.GetType().Name}"),
    };
}

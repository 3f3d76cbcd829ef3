using System.Text.Json;
using System.Text.Json.Serialization;

namespace AttachFunctions.Workflows.Model;

/// <summary>Reads a <see cref="RecheckRequest"/> from its object form or from the earlier bare-string form.</summary>
public sealed class RecheckRequestJsonConverter : JsonConverter<RecheckRequest>
{
    public override RecheckRequest? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new RecheckRequest(reader.GetString() ?? "", true);
            case JsonTokenType.StartObject:
                string? trigger = null;
                var cleanup = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    if (string.Equals(name, nameof(RecheckRequest.Trigger), StringComparison.OrdinalIgnoreCase))
                    {
                        trigger = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    }
                    else if (string.Equals(name, nameof(RecheckRequest.CleanupIfGone), StringComparison.OrdinalIgnoreCase))
                    {
                        cleanup = reader.TokenType != JsonTokenType.False;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                return new RecheckRequest(trigger ?? "", cleanup);
            default:
                throw new JsonException($"A recheck payload is an object or a string, not {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, RecheckRequest value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString(options?.PropertyNamingPolicy?.ConvertName(nameof(RecheckRequest.Trigger)) ?? nameof(RecheckRequest.Trigger), value.Trigger);
        writer.WriteBoolean(options?.PropertyNamingPolicy?.ConvertName(nameof(RecheckRequest.CleanupIfGone)) ?? nameof(RecheckRequest.CleanupIfGone), value.CleanupIfGone);
        writer.WriteEndObject();
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace AttachFunctions.Core.Naming;

/// <summary>
/// Kubernetes resource quantities as used for requests and limits: a non-negative decimal number with an optional
/// binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), decimal suffix (m, k, M, G, T, P, E) or exponent (e.g. <c>1e3</c>).
/// Examples: <c>500m</c>, <c>2</c>, <c>0.5</c>, <c>4Gi</c>, <c>512Mi</c>, <c>1G</c>.
/// </summary>
public static partial class KubernetesQuantity
{
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Parses a quantity into its numeric value (e.g. <c>500m</c> → 0.5, <c>1Ki</c> → 1024).</summary>
    public static bool TryParse(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var suffix = match.Groups["suffix"].Value;
        double factor;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E' && suffix[1] is '+' or '-' or (>= '0' and <= '9'))
        {
            var exponent = int.Parse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            factor = Math.Pow(10, exponent);
        }
        else
        {
            factor = suffix switch
            {
                "" => 1,
                "m" => 1e-3,
                "k" => 1e3,
                "M" => 1e6,
                "G" => 1e9,
                "T" => 1e12,
                "P" => 1e15,
                "E" => 1e18,
                "Ki" => 1024d,
                "Mi" => Math.Pow(1024, 2),
                "Gi" => Math.Pow(1024, 3),
                "Ti" => Math.Pow(1024, 4),
                "Pi" => Math.Pow(1024, 5),
                "Ei" => Math.Pow(1024, 6),
                _ => double.NaN,
            };
        }

        value = number * factor;
        return double.IsFinite(value);
    }

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]{1,3})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

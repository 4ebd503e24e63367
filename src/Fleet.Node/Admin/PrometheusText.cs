using System.Globalization;
using System.Text;

namespace Fleet.Node.Admin;

/// <summary>
/// A writer of the Prometheus text exposition format (version 0.0.4): one <c># HELP</c> and <c># TYPE</c> line per
/// family, then one sample per line, label values escaped (backslash, quote, newline), numbers in invariant culture.
/// </summary>
public sealed class PrometheusText
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a metric family.</summary>
    /// <param name="name">The metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>).</param>
    /// <param name="type">counter, gauge, histogram, summary or untyped.</param>
    /// <param name="help">What it measures.</param>
    public PrometheusText Family(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>Writes one sample.</summary>
    /// <param name="name">The sample's name (the family's, or with _bucket/_sum/_count).</param>
    /// <param name="value">Its value.</param>
    /// <param name="labels">Label name/value pairs.</param>
    public PrometheusText Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0) _text.Append(',');
                _text.Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(Format(value)).Append('\n');
        return this;
    }

    /// <summary>The document.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>A sample value: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> or an invariant-culture number.</summary>
    public static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

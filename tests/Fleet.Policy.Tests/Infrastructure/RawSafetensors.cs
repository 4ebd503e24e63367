using System.Text;

namespace Fleet.Policy.Tests.Infrastructure;

/// <summary>Writes safetensors bytes by hand (any header text, any data length) to build corrupt files.</summary>
public static class RawSafetensors
{
    public static void Write(string path, string headerJson, int dataBytes, long? claimedHeaderLength = null)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        using var stream = File.Create(path);
        stream.Write(BitConverter.GetBytes((ulong)(claimedHeaderLength ?? header.Length)));
        stream.Write(header);
        stream.Write(new byte[dataBytes]);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Fleet.Dataset.Hub;

/// <summary>
/// Git blob ids, which the Hub's tree listing reports as <c>oid</c> for regular files:
/// <c>sha1("blob " + size + "\0" + content)</c> in lower-case hex. Comparing them tells whether a regular file
/// already on the Hub has the local content, without downloading it.
/// </summary>
public static class GitBlob
{
    /// <summary>The header git hashes before the content of a blob of <paramref name="size"/> bytes.</summary>
    public static byte[] Header(long size) => Encoding.ASCII.GetBytes($"blob {size}\0");

    /// <summary>The blob id of <paramref name="content"/>.</summary>
    public static string Id(ReadOnlySpan<byte> content)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(Header(content.Length));
        sha1.AppendData(content);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }
}

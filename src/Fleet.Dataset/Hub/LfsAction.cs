namespace Fleet.Dataset.Hub;

/// <summary>One action of an LFS batch answer: where to send a request and which headers to add.</summary>
/// <param name="Href">The absolute URL (often presigned storage, so it gets no Hub token).</param>
/// <param name="Header">Headers to send as given; for multipart uploads also <c>chunk_size</c> and the numbered part URLs.</param>
public sealed record LfsAction(Uri Href, IReadOnlyDictionary<string, string> Header);

/// <summary>What the batch API said about one object.</summary>
/// <param name="File">The local file whose content the object is.</param>
/// <param name="Upload">Where to upload it, or <c>null</c> when the Hub already has the object.</param>
/// <param name="Verify">Where to confirm the upload afterwards, if the Hub asks for it.</param>
public sealed record LfsObjectPlan(LocalFile File, LfsAction? Upload, LfsAction? Verify)
{
    /// <summary>Whether the object still has to be sent.</summary>
    public bool NeedsUpload => Upload is not null;
}

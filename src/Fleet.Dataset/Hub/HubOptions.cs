namespace Fleet.Dataset.Hub;

/// <summary>
/// Where and as whom to push. <see cref="FromEnvironment"/> reads the same variables as huggingface_hub:
/// <c>HF_ENDPOINT</c> (default <c>https://huggingface.co</c>) and <c>HF_TOKEN</c>.
/// </summary>
/// <param name="Endpoint">The Hub root URL; API paths are appended to it.</param>
/// <param name="Token">A Hub access token with write access, sent as <c>Authorization: Bearer</c>.</param>
/// <param name="Revision">The branch to commit to and tag from.</param>
public sealed record HubOptions(Uri Endpoint, string Token, string Revision = "main")
{
    /// <summary>The public Hub.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>
    /// Builds options from <c>HF_ENDPOINT</c> and <c>HF_TOKEN</c>. Throws <see cref="HubException"/> when no token is
    /// set or the endpoint is not an absolute http(s) URL, saying which variable to fix.
    /// </summary>
    public static HubOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var endpointText = getVariable("HF_ENDPOINT");
        var endpoint = DefaultEndpoint;
        if (!string.IsNullOrWhiteSpace(endpointText)
            && (!Uri.TryCreate(endpointText.TrimEnd('/'), UriKind.Absolute, out endpoint!) || endpoint.Scheme is not ("http" or "https")))
            throw new HubException($"HF_ENDPOINT='{endpointText}' is not an http(s) URL. Unset it to use {DefaultEndpoint} or set it to your Hub's root URL.");
        var token = getVariable("HF_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
            throw new HubException("HF_TOKEN is not set. Create a token with write access at https://huggingface.co/settings/tokens and run `export HF_TOKEN=hf_...` before pushing.");
        return new HubOptions(endpoint, token.Trim());
    }
}

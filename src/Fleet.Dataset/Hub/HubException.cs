using System.Net;

namespace Fleet.Dataset.Hub;

/// <summary>
/// A request to the Hugging Face Hub failed. The message names the endpoint, the repository, what the Hub
/// answered (its <c>error</c> JSON field or <c>X-Error-Message</c> header) and what to do about it.
/// </summary>
public sealed class HubException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The whole message for a person: what failed, where, and the remedy.</param>
    /// <param name="status">The HTTP status the Hub answered, or <c>null</c> when no answer came.</param>
    /// <param name="inner">The underlying transport error, if any.</param>
    public HubException(string message, HttpStatusCode? status = null, Exception? inner = null) : base(message, inner) => Status = status;

    /// <summary>The HTTP status the Hub answered, or <c>null</c> when the request never got an answer.</summary>
    public HttpStatusCode? Status { get; }
}

namespace Fleet.Cluster.Transport;

/// <summary>
/// How a queue is declared. Declaring is idempotent only with the same settings: RabbitMQ refuses a redeclaration
/// whose arguments differ (PRECONDITION_FAILED), so every Fleet node must derive a queue's spec from the same config.
/// </summary>
/// <param name="Name">Queue name (see <see cref="Topology"/>).</param>
/// <param name="Durable">Survives a broker restart.</param>
/// <param name="MessageTtl">Queue-wide message expiry (<c>x-message-ttl</c>); null for none.</param>
/// <param name="MaxLength">Most ready messages (<c>x-max-length</c>) before publishes are refused (<c>x-overflow = reject-publish</c>): an overloaded pool pushes back instead of growing; null for unbounded.</param>
/// <param name="Expires">Deletes the queue after this long without consumers (<c>x-expires</c>): reply queues of dead nodes go away by themselves.</param>
public sealed record QueueSpec(string Name, bool Durable = true, TimeSpan? MessageTtl = null, int? MaxLength = null, TimeSpan? Expires = null);

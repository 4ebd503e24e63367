using Fleet.Actors;
using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Microsoft.Extensions.Logging;

namespace Fleet.Cluster.Pool;

// Request → publish → reply or deadline. Every handler runs on the actor's turn; async work comes back as a message.
public sealed partial class RemotePolicyPool
{
    private void HandlePredict(PredictChunk request)
    {
        var arm = request.Observation.ArmId;
        if (_inFlight.TryGetValue(arm, out var current))
        {
            _counters.CountRefusedInFlight();
            Sender.Tell(new PredictChunkReply(request.RequestId, arm, null,
                $"arm '{arm}' already has request {current.RequestId} in flight; one at a time per arm.", "remote-pool"), Self);
            return;
        }
        var remaining = request.Deadline - DateTimeOffset.UtcNow;
        if (remaining <= TimeSpan.Zero)
        {
            _counters.CountExpired();
            return; // nobody waits for it any more: the contract is no reply
        }
        _inFlight[arm] = new InFlight(request.RequestId, Sender, request.Deadline);
        Timers.StartSingleTimer(("deadline", arm), new DeadlinePassed(arm, request.RequestId), remaining);
        EncodeAndPublishAsync(request, remaining, !_declaredPolicies.Contains(request.Policy)).PipeTo(Self);
    }

    // Runs off the actor's thread: JPEG-encoding two camera frames takes milliseconds, and the pool serves many arms.
    // Touches no actor state; the outcome comes back as a Published message.
    private async Task<Published> EncodeAndPublishAsync(PredictChunk request, TimeSpan remaining, bool declare)
    {
        var arm = request.Observation.ArmId;
        try
        {
            var encoded = await Task.Run(() => _codec.Encode(request)).ConfigureAwait(false);
            if (declare)
            {
                // Declared from the robot side too, so a request sent before any worker started waits in the queue.
                await _transport.DeclareQueueAsync(Topology.RequestQueueSpec(request.Policy, _options.EffectiveRequestDeadline, _options.MaxQueueLength), CancellationToken.None).ConfigureAwait(false);
            }
            var message = new TransportMessage(encoded.Manifest, encoded.Body, Topology.ReplyQueue(_options.Node), Correlation(arm, request.RequestId), remaining);
            var outcome = await _transport.PublishAsync(Destination.Queue(Topology.RequestQueue(request.Policy)), message, CancellationToken.None).ConfigureAwait(false);
            return new Published(arm, request.RequestId, request.Policy, outcome, null);
        }
        catch (TransportUnavailableException e)
        {
            return new Published(arm, request.RequestId, request.Policy, null, $"the broker is unreachable: {e.Message}", BrokerDown: true);
        }
        catch (Exception e) when (e is ArgumentException or WireFormatException or DllNotFoundException)
        {
            return new Published(arm, request.RequestId, request.Policy, null, $"cannot send the request: {e.Message}");
        }
    }

    private void HandlePublished(Published p)
    {
        if (p.Outcome is not null) _declaredPolicies.Add(p.Policy);
        if (p.Outcome == PublishOutcome.Accepted)
        {
            _counters.CountSent();
            return;
        }
        if (!_inFlight.TryGetValue(p.Arm, out var current) || current.RequestId != p.RequestId) return;
        string error;
        if (p.Outcome is null)
        {
            if (p.BrokerDown) _counters.CountUnavailable();
            error = p.Error!;
        }
        else
        {
            _counters.CountOverloaded();
            error = p.Outcome == PublishOutcome.Rejected
                ? $"policy pool '{p.Policy}' is overloaded: its request queue is full (fleet.cluster.pool.max-queue-length); add workers or slow the arms"
                : $"no request queue for policy '{p.Policy}': no policy node serves it";
        }
        // While the broker is away every arm fails once per deadline: log the first failure and then one in 50 (counted
        // on /metrics as fleet_remote_pool_unavailable_total), not a line per arm per deadline.
        if (!p.BrokerDown || _counters.Unavailable % 50 == 1)
            _log.LogWarning("Request {Request} of arm {Arm} failed: {Error}{Count}", p.RequestId, p.Arm, error,
                p.BrokerDown ? $" ({_counters.Unavailable} requests failed so far for want of the broker)" : "");
        Complete(p.Arm, new PredictChunkReply(p.RequestId, p.Arm, null, error, "remote-pool"));
    }

    private void HandleReply(ReplyArrived arrived)
    {
        var m = arrived.Message;
        if (!_codec.TryDecode(m.Manifest, m.Body.Span, out var decoded, out var problem) || decoded is not PredictChunkReply reply)
        {
            _counters.CountMalformed();
            _log.LogError("Discarded a malformed reply on {Queue} (correlation {Correlation}): {Problem}",
                Topology.ReplyQueue(_options.Node), m.CorrelationId ?? "none", problem ?? $"manifest {m.Manifest} is not a reply");
            return;
        }
        if (!_inFlight.TryGetValue(reply.ArmId, out var current) || current.RequestId != reply.RequestId)
        {
            _counters.CountLate();
            return;
        }
        _counters.CountAnswered();
        Complete(reply.ArmId, reply);
    }

    private void HandleDeadline(DeadlinePassed d)
    {
        if (!_inFlight.TryGetValue(d.Arm, out var current) || current.RequestId != d.RequestId) return;
        _inFlight.Remove(d.Arm);
        _counters.CountExpired();
    }

    private void Complete(string arm, PredictChunkReply reply)
    {
        var current = _inFlight[arm];
        _inFlight.Remove(arm);
        Timers.Cancel(("deadline", arm));
        current.Requester.Tell(reply, Self);
    }
}

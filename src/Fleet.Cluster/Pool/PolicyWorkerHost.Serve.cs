using Fleet.Cluster.Transport;
using Fleet.Messages;
using Fleet.Messages.Wire;
using Fleet.Policy.Abstractions;
using Microsoft.Extensions.Logging;

namespace Fleet.Cluster.Pool;

// One batch: decode and sort out the deliveries, run the policy, reply, then acknowledge.
public sealed partial class PolicyWorkerHost
{
    private async Task ServeAsync(List<Delivery> deliveries, List<Task<PredictChunk?>> admitting, CancellationToken cancellationToken)
    {
        // Decoding (JPEG frames) runs in parallel across the batch, some of it already started while the batch gathered;
        // the order of the batch is kept. A lone request that nobody waited for is decoded right here.
        PredictChunk?[] admitted;
        if (deliveries.Count == 1 && admitting.Count == 0)
            admitted = [await AdmitAsync(deliveries[0], cancellationToken).ConfigureAwait(false)];
        else
        {
            StartAdmissions(deliveries, admitting, cancellationToken);
            admitted = await Task.WhenAll(admitting).ConfigureAwait(false);
        }
        var runnable = new List<(Delivery Delivery, PredictChunk Request)>(deliveries.Count);
        for (var i = 0; i < deliveries.Count; i++)
        {
            if (admitted[i] is { } request) runnable.Add((deliveries[i], request));
        }
        if (runnable.Count == 0) return;
        try
        {
            await PredictAndReplyAsync(runnable, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The policy has returned: nothing reads these frames any more, so their pixel arrays serve later requests.
            foreach (var (_, request) in runnable) ReturnFrames(request);
        }
    }

    private void ReturnFrames(PredictChunk request)
    {
        if (_buffers is null) return;
        foreach (var frame in request.Observation.Images.Values) _buffers.Return(frame);
    }

    private async Task PredictAndReplyAsync(List<(Delivery Delivery, PredictChunk Request)> runnable, CancellationToken cancellationToken)
    {
        IReadOnlyList<PolicyOutput> outputs;
        try
        {
            outputs = await _policy.PredictAsync(runnable.Select(r => PolicyInput.From(r.Request.Observation)).ToList(), cancellationToken).ConfigureAwait(false);
            if (outputs.Count != runnable.Count)
                throw new InvalidOperationException($"policy returned {outputs.Count} outputs for a batch of {runnable.Count}");
            Counters.CountBatch();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogError(e, "Worker {Worker}: policy '{Policy}' failed on a batch of {Count}; each requester gets the error.", Options.Worker, Options.Policy, runnable.Count);
            Counters.CountFailed(runnable.Count);
            foreach (var (delivery, request) in runnable)
                await ReplyAsync(delivery, Failure(request, $"policy '{Options.Policy}' on {Options.Worker} failed: {e.Message}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = _time.GetUtcNow();
        for (var i = 0; i < runnable.Count; i++)
        {
            var (delivery, request) = runnable[i];
            var o = request.Observation;
            var chunk = new ActionChunk(o.ArmId, o.Timestep, outputs[i].Actions, outputs[i].ActionDim, now);
            if (await ReplyAsync(delivery, new PredictChunkReply(request.RequestId, o.ArmId, chunk, null, Options.Worker), cancellationToken).ConfigureAwait(false))
                Counters.CountServed(1);
        }
    }

    // Decodes one delivery; poison goes to the dead-letter queue, expired requests are dropped, requests this policy
    // cannot take are answered with the reason. Returns the request when it should run.
    private async Task<PredictChunk?> AdmitAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        PredictChunk request;
        try
        {
            request = _codec.Decode<PredictChunk>(message.Manifest, message.Body.Span, _buffers);
            if (request.Policy != Options.Policy)
                throw new WireFormatException(message.Manifest, $"asks for policy '{request.Policy}' but sits in the queue of '{Options.Policy}'.");
            if (string.IsNullOrEmpty(message.ReplyTo))
                throw new WireFormatException(message.Manifest, "has no reply-to queue, so nobody could receive the answer.");
        }
        catch (WireFormatException e)
        {
            await DeadLetterAsync(delivery, e.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }
        if (request.Deadline <= _time.GetUtcNow())
        {
            ReturnFrames(request);
            Counters.CountExpired();
            await delivery.AckAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        if (CheckInput(request.Observation) is { } problem)
        {
            ReturnFrames(request);
            Counters.CountFailed(1);
            await ReplyAsync(delivery, Failure(request, problem), cancellationToken).ConfigureAwait(false);
            return null;
        }
        return request;
    }

    private string? CheckInput(Observation o)
    {
        var d = _policy.Descriptor;
        if (d.StateDim > 0 && o.State.Length != d.StateDim)
            return $"policy '{Options.Policy}' ({d.Type}) takes {d.StateDim} joint values but arm '{o.ArmId}' sent {o.State.Length}; check the arm's motors or the policy name.";
        foreach (var spec in d.Images)
        {
            if (!o.Images.TryGetValue(spec.Key, out var frame))
                return $"policy '{Options.Policy}' needs camera '{spec.Key}' but arm '{o.ArmId}' sent [{string.Join(", ", o.Images.Keys)}]; check the arm's camera keys.";
            // 0×0 means the policy takes any size and resizes itself (SmolVLA).
            if (spec.Width > 0 && (frame.Width != spec.Width || frame.Height != spec.Height))
                return $"policy '{Options.Policy}' needs camera '{spec.Key}' at {spec.Width}x{spec.Height} but arm '{o.ArmId}' sent {frame.Width}x{frame.Height}.";
        }
        return null;
    }

    private PredictChunkReply Failure(PredictChunk request, string error) =>
        new(request.RequestId, request.Observation.ArmId, null, error, Options.Worker);

    // Publishes the reply, then acknowledges. If the reply cannot be sent the request is not acknowledged: the broker
    // gives it to another worker when this connection goes.
    private async Task<bool> ReplyAsync(Delivery delivery, PredictChunkReply reply, CancellationToken cancellationToken)
    {
        var encoded = _codec.Encode(reply);
        var message = new TransportMessage(encoded.Manifest, encoded.Body, CorrelationId: delivery.Message.CorrelationId);
        try
        {
            var outcome = await _transport.PublishAsync(Destination.Queue(delivery.Message.ReplyTo!), message, cancellationToken).ConfigureAwait(false);
            if (outcome != PublishOutcome.Accepted)
                _log.LogWarning("Worker {Worker}: reply to arm {Arm} request {Request} was {Outcome} by queue '{Queue}' (requester gone?).",
                    Options.Worker, reply.ArmId, reply.RequestId, outcome, delivery.Message.ReplyTo);
        }
        catch (TransportUnavailableException e)
        {
            _log.LogWarning("Worker {Worker}: could not reply to arm {Arm} request {Request} ({Error}); left unacknowledged for redelivery.",
                Options.Worker, reply.ArmId, reply.RequestId, e.Message);
            return false;
        }
        await delivery.AckAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task DeadLetterAsync(Delivery delivery, string reason, CancellationToken cancellationToken)
    {
        Counters.CountDeadLettered();
        _log.LogError("Worker {Worker}: dead-lettered a message from '{Queue}' (correlation {Correlation}): {Reason}",
            Options.Worker, delivery.Queue, delivery.Message.CorrelationId ?? "none", reason);
        var headers = new Dictionary<string, string> { [Topology.DeadLetterReasonHeader] = reason, [Topology.DeadLetterSourceHeader] = delivery.Queue };
        var parked = delivery.Message with { Headers = headers, TimeToLive = null };
        try
        {
            await _transport.PublishAsync(Destination.Queue(Topology.DeadLetterQueue), parked, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportUnavailableException e)
        {
            // Not parked, but never retried either: a poison message must not loop through the workers.
            _log.LogWarning("Worker {Worker}: could not park that message in '{DeadLetters}' ({Error}); it is dropped, not retried.",
                Options.Worker, Topology.DeadLetterQueue, e.Message);
        }
        await delivery.AckAsync(cancellationToken).ConfigureAwait(false);
    }
}

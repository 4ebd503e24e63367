using Fleet.Messages.Wire.Jpeg;
using Fleet.Messages.Wire.Proto;
using Google.Protobuf;

namespace Fleet.Messages.Wire;

// The policy pool's messages: PredictChunk (with its observation and images) and PredictChunkReply.
public sealed partial class WireCodec
{
    private WirePredictChunk ToWire(PredictChunk m)
    {
        var o = m.Observation;
        var observation = new WireObservation
        {
            ArmId = o.ArmId,
            Timestep = o.Timestep,
            TimestampUnixUs = WireChecks.ToUnixMicroseconds(o.Timestamp),
            Task = o.Task,
            MustGo = o.MustGo,
        };
        observation.State.AddRange(o.State.ToArray());
        var frames = o.Images.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        var images = new WireImage[frames.Length];
        // Two 480x640 JPEG encodes take milliseconds each: with several to encode, one per core. A camera JPEG passed
        // through costs microseconds and needs no other core.
        // Each camera JPEG's headers are judged once: that choice decides both the parallelism and what goes on the wire.
        var jpeg = Options.ImageEncoding == ImageWireEncoding.Jpeg;
        var passable = frames.Select(f => jpeg ? PassableCameraJpeg(f.Value) : null).ToArray();
        var toEncode = jpeg ? passable.Count(p => p is null) : 0;
        if (toEncode > 1 && Options.ParallelCameras && _jpeg.Settings.ParallelImages)
            Parallel.For(0, frames.Length, i => images[i] = ToWire(frames[i].Key, frames[i].Value, passable[i]));
        else
            for (var i = 0; i < frames.Length; i++) images[i] = ToWire(frames[i].Key, frames[i].Value, passable[i]);
        observation.Images.AddRange(images);
        return new WirePredictChunk
        {
            RequestId = m.RequestId,
            Policy = m.Policy,
            Observation = observation,
            DeadlineUnixUs = WireChecks.ToUnixMicroseconds(m.Deadline),
        };
    }

    // cameraJpeg: the frame's own JPEG when it may go on the wire untouched (PassableCameraJpeg), else null.
    private WireImage ToWire(string key, ImageFrame frame, ReadOnlyMemory<byte>? cameraJpeg)
    {
        frame.Validate();
        var jpeg = Options.ImageEncoding == ImageWireEncoding.Jpeg;
        return new WireImage
        {
            Key = key,
            Width = (uint)frame.Width,
            Height = (uint)frame.Height,
            Encoding = jpeg ? ImageEncoding.Jpeg : ImageEncoding.RawRgb,
            Data = !jpeg ? ByteString.CopyFrom(frame.Pixels.Span)
                : cameraJpeg is { } camera ? UnsafeByteOperations.UnsafeWrap(camera)
                : UnsafeByteOperations.UnsafeWrap(_jpeg.Encode(frame, Options.JpegQuality)),
            CapturedAtUnixUs = WireChecks.ToUnixMicroseconds(frame.CapturedAt),
            Sequence = frame.Sequence,
        };
    }

    // The camera's own JPEG when it may go on the wire untouched: pass-through on, the JPEG's header names the frame's
    // size, and its quality is not below the configured one (the estimate is good to about 2).
    private ReadOnlyMemory<byte>? PassableCameraJpeg(ImageFrame frame)
    {
        if (Options.CameraJpeg != CameraJpegMode.PassThrough || frame.CameraJpeg is not { } jpeg) return null;
        // (An if, not ?: — null would convert to an empty ReadOnlyMemory through its byte[] conversion.)
        if (JpegHeader.Read(jpeg.Span) is { Quality: { } quality } header
            && header.Width == frame.Width && header.Height == frame.Height && quality >= Options.JpegQuality - 2)
            return jpeg;
        return null;
    }

    private static WirePredictChunkReply ToWire(PredictChunkReply m)
    {
        var reply = new WirePredictChunkReply { RequestId = m.RequestId, ArmId = m.ArmId, Error = m.Error ?? "", Worker = m.Worker };
        if (m.Chunk is { } c)
        {
            reply.Chunk = new WireActionChunk
            {
                ArmId = c.ArmId,
                StartTimestep = c.StartTimestep,
                ActionDim = (uint)c.ActionDim,
                ComputedAtUnixUs = WireChecks.ToUnixMicroseconds(c.ComputedAt),
            };
            reply.Chunk.Actions.AddRange(c.Actions.ToArray());
        }
        return reply;
    }

    private PredictChunk FromWire(WirePredictChunk w, WireChecks check, FrameBuffers? buffers)
    {
        if (w.Observation is null) throw check.Fail("observation", "is missing.");
        return new PredictChunk(
            check.NonNegative("request_id", w.RequestId),
            check.Text("policy", w.Policy),
            FromWire(w.Observation, check, buffers),
            check.Time("deadline_unix_us", w.DeadlineUnixUs));
    }

    private Observation FromWire(WireObservation w, WireChecks check, FrameBuffers? buffers)
    {
        if (w.Images.Count > check.Limits.MaxImages)
            throw check.Fail("observation.images", $"has {w.Images.Count} cameras; the limit is {check.Limits.MaxImages}.");
        var keys = new string[w.Images.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = check.Text($"observation.images[{i}].key", w.Images[i].Key);
            if (Array.IndexOf(keys, keys[i], 0, i) >= 0) throw check.Fail($"observation.images[{i}].key", $"repeats camera '{keys[i]}'.");
        }
        var frames = new ImageFrame[keys.Length];
        var jpegs = w.Images.Count(i => i.Encoding == ImageEncoding.Jpeg);
        if (jpegs > 1 && Options.ParallelCameras && _jpeg.Settings.ParallelImages)
        {
            var failures = new Exception?[keys.Length];
            Parallel.For(0, keys.Length, i =>
            {
                try
                {
                    frames[i] = FromWire(w.Images[i], $"observation.images[{keys[i]}]", check, buffers);
                }
                catch (Exception e) when (e is WireFormatException or DllNotFoundException)
                {
                    failures[i] = e;
                }
            });
            if (failures.FirstOrDefault(f => f is not null) is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
        else
        {
            for (var i = 0; i < keys.Length; i++) frames[i] = FromWire(w.Images[i], $"observation.images[{keys[i]}]", check, buffers);
        }
        var images = new Dictionary<string, ImageFrame>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++) images.Add(keys[i], frames[i]);
        return new Observation(
            check.Text("observation.arm_id", w.ArmId),
            check.NonNegative("observation.timestep", w.Timestep),
            check.Time("observation.timestamp_unix_us", w.TimestampUnixUs),
            check.Finite("observation.state", w.State, check.Limits.MaxStateDim),
            images,
            check.Text("observation.task", w.Task, required: false),
            w.MustGo);
    }

    private ImageFrame FromWire(WireImage w, string field, WireChecks check, FrameBuffers? buffers)
    {
        var side = check.Limits.MaxImageSide;
        if (w.Width == 0 || w.Height == 0 || w.Width > side || w.Height > side)
            throw check.Fail(field, $"is {w.Width}x{w.Height}; each side must be 1..{side} pixels.");
        int width = (int)w.Width, height = (int)w.Height;
        byte[] pixels = w.Encoding switch
        {
            ImageEncoding.RawRgb when w.Data.Length == width * height * 3 => w.Data.ToByteArray(),
            ImageEncoding.RawRgb => throw check.Fail(field, $"raw {width}x{height} RGB needs {width * height * 3} bytes but carries {w.Data.Length}."),
            ImageEncoding.Jpeg => DecodeJpeg(w.Data.Span, width, height, field, check, buffers),
            _ => throw check.Fail($"{field}.encoding", $"is {(int)w.Encoding}; expected RAW_RGB (1) or JPEG (2)."),
        };
        return new ImageFrame(width, height, pixels, check.Time($"{field}.captured_at_unix_us", w.CapturedAtUnixUs),
            check.NonNegative($"{field}.sequence", w.Sequence));
    }

    private byte[] DecodeJpeg(ReadOnlySpan<byte> data, int width, int height, string field, WireChecks check, FrameBuffers? buffers)
    {
        if (data.Length == 0) throw check.Fail(field, "carries no JPEG bytes.");
        try
        {
            return _jpeg.Decode(data, width, height, field, buffers);
        }
        catch (WireFormatException e)
        {
            throw check.Fail(field, e.Problem);
        }
    }

    private static PredictChunkReply FromWire(WirePredictChunkReply w, WireChecks check)
    {
        var armId = check.Text("arm_id", w.ArmId);
        var error = check.Text("error", w.Error, required: false);
        ActionChunk? chunk = null;
        if (w.Chunk is { } c)
        {
            var dim = c.ActionDim;
            if (dim == 0 || dim > check.Limits.MaxActionDim)
                throw check.Fail("chunk.action_dim", $"is {dim}; it must be 1..{check.Limits.MaxActionDim}.");
            var actions = check.Finite("chunk.actions", c.Actions, check.Limits.MaxChunkLength * (int)dim);
            if (actions.Length == 0 || actions.Length % dim != 0)
                throw check.Fail("chunk.actions", $"holds {actions.Length} values, not a positive multiple of action_dim {dim}.");
            if (c.ArmId != armId) throw check.Fail("chunk.arm_id", $"is '{c.ArmId}' but the reply is for arm '{armId}'.");
            chunk = new ActionChunk(armId, check.NonNegative("chunk.start_timestep", c.StartTimestep), actions, (int)dim,
                check.Time("chunk.computed_at_unix_us", c.ComputedAtUnixUs));
        }
        if (chunk is null == (error.Length == 0))
            throw check.Fail("chunk", "a reply carries either a chunk or an error text, exactly one of them.");
        return new PredictChunkReply(check.NonNegative("request_id", w.RequestId), armId, chunk, error.Length == 0 ? null : error,
            check.Text("worker", w.Worker, required: false));
    }
}

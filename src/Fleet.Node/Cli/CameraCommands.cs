using System.CommandLine;
using Fleet.Hardware.Cameras;

namespace Fleet.Node.Cli;

/// <summary>
/// The <c>camera</c> palette: <c>fleet camera list</c> shows the V4L2 cameras of this machine;
/// <c>fleet camera snap --device D --out frame.png</c> grabs one frame from a device, a video file or the
/// synthetic pattern and writes it as PNG, to check a camera before configuring an arm with it.
/// </summary>
internal static class CameraCommands
{
    /// <summary>Builds the palette.</summary>
    public static Command Create()
    {
        var camera = new Command("camera", "List cameras and grab test frames.");
        camera.Subcommands.Add(CreateList());
        camera.Subcommands.Add(CreateSnap());
        return camera;
    }

    private static Command CreateList()
    {
        var list = new Command("list", "List the V4L2 cameras (/dev/video*) with their driver names.");
        list.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var devices = V4l2Devices.List();
            if (devices.Count == 0)
            {
                output.WriteLine("No V4L2 cameras found (/dev/video* is empty). Plug a USB camera in, or use --device synthetic.");
                return 0;
            }
            foreach (var d in devices) output.WriteLine($"{d.Path}\t{(d.Name.Length > 0 ? d.Name : "(no name)")}");
            return 0;
        });
        return list;
    }

    private static Command CreateSnap()
    {
        var device = new Option<string>("--device", "-d")
        {
            Description = "A /dev/video* device, a video file, or 'synthetic'.",
            Required = true,
        };
        var output = new Option<FileInfo>("--out", "-o") { Description = "PNG file to write.", Required = true };
        var width = new Option<int?>("--width") { Description = "Frame width (default: 640, or the file's own)." };
        var height = new Option<int?>("--height") { Description = "Frame height (default: 480, or the file's own)." };
        var fps = new Option<double?>("--fps") { Description = "Capture rate (default 30)." };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for the first frame.",
            DefaultValueFactory = _ => 10,
        };
        var snap = new Command("snap", "Grab one frame from a camera and write it as PNG.");
        foreach (var option in new Option[] { device, output, width, height, fps, timeout }) snap.Options.Add(option);
        snap.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = new SnapRequest(
                parseResult.GetValue(device)!, parseResult.GetValue(output)!.FullName,
                parseResult.GetValue(width), parseResult.GetValue(height), parseResult.GetValue(fps),
                TimeSpan.FromSeconds(parseResult.GetValue(timeout)));
            try
            {
                var frame = await SnapAsync(request, cancellationToken);
                await PngEncoder.WriteFileAsync(frame, request.OutPath, cancellationToken);
                parseResult.InvocationConfiguration.Output.WriteLine(
                    $"Wrote {request.OutPath} ({frame.Width}x{frame.Height}, frame {frame.Sequence}) from {request.Device}.");
                return 0;
            }
            catch (Exception e) when (e is CameraFailedException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"fleet camera snap: {e.Message}");
                return 1;
            }
        });
        return snap;
    }

    private sealed record SnapRequest(string Device, string OutPath, int? Width, int? Height, double? Fps, TimeSpan Timeout);

    private static async Task<Messages.ImageFrame> SnapAsync(SnapRequest request, CancellationToken cancellationToken)
    {
        await using ICamera camera = OpenCamera(request);
        await camera.StartAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(request.Timeout);
        return await camera.WaitForFrameAsync(-1, cts.Token);
    }

    private static ICamera OpenCamera(SnapRequest r)
    {
        if (r.Device == "synthetic")
            return new SyntheticCamera(new SyntheticCameraOptions("snap", r.Width ?? 640, r.Height ?? 480, r.Fps ?? 30));
        if (r.Device.StartsWith("/dev/", StringComparison.Ordinal))
            return new FfmpegV4l2Camera(new FfmpegV4l2CameraOptions("snap", r.Device, r.Width ?? 640, r.Height ?? 480, r.Fps ?? 30,
                StartTimeout: r.Timeout));
        return new VideoFileCamera(new VideoFileCameraOptions("snap", r.Device, r.Width, r.Height, r.Fps, r.Timeout));
    }
}

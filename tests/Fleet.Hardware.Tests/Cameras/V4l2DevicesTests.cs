using Fleet.Hardware.Cameras;

namespace Fleet.Hardware.Tests.Cameras;

public class V4l2DevicesTests
{
    [Fact]
    public void List_orders_nodes_numerically_and_reads_their_names()
    {
        var root = Directory.CreateTempSubdirectory("fleet-v4l2-").FullName;
        try
        {
            var dev = Directory.CreateDirectory(Path.Combine(root, "dev")).FullName;
            var sys = Directory.CreateDirectory(Path.Combine(root, "sys")).FullName;
            foreach (var n in new[] { "video10", "video2", "video0", "videoX" }) File.WriteAllText(Path.Combine(dev, n), "");
            Directory.CreateDirectory(Path.Combine(sys, "video0"));
            File.WriteAllText(Path.Combine(sys, "video0", "name"), "HD USB Camera\n");

            var list = V4l2Devices.List(dev, sys);

            Assert.Equal(["video0", "video2", "video10"], list.Select(d => Path.GetFileName(d.Path)));
            Assert.Equal("HD USB Camera", list[0].Name);
            Assert.Equal("", list[1].Name);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

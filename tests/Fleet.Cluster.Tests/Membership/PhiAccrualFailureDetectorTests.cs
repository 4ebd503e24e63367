using Fleet.Cluster.Membership;
using Fleet.Cluster.Tests.Infrastructure;

namespace Fleet.Cluster.Tests.Membership;

public class PhiAccrualFailureDetectorTests
{
    private readonly ManualClock _clock = new();

    private PhiAccrualFailureDetector BeatEverySecond(int beats)
    {
        var detector = new PhiAccrualFailureDetector(PhiAccrualFailureDetectorOptions.Default, _clock);
        for (var i = 0; i < beats; i++)
        {
            detector.HeartBeat();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }
        _clock.Advance(TimeSpan.FromSeconds(-1)); // stand at the last heartbeat
        return detector;
    }

    [Fact]
    public void Phi_BeforeAnyHeartbeat_IsZeroAndAvailable()
    {
        var detector = new PhiAccrualFailureDetector(clock: _clock);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.False(detector.IsMonitoring);
        Assert.Equal(0, detector.Phi);
        Assert.True(detector.IsAvailable);
    }

    [Fact]
    public void Phi_GrowsWithSilence()
    {
        var detector = BeatEverySecond(20);
        var previous = -1.0;
        for (var ms = 0; ms <= 6000; ms += 250)
        {
            var phi = detector.PhiOf(ms);
            Assert.True(phi >= previous, $"φ fell from {previous} to {phi} at {ms} ms");
            previous = phi;
        }
    }

    [Fact]
    public void RegularOneSecondHeartbeats_ToleratesTheAcceptablePauseAndSuspectsSoonAfter()
    {
        // Mean 1 s + acceptable pause 3 s, deviation floored at 100 ms: φ reaches 8 about 5.5 deviations later, ~4.55 s.
        var detector = BeatEverySecond(30);

        _clock.Advance(TimeSpan.FromSeconds(3.9));
        Assert.True(detector.Phi < 1, $"φ {detector.Phi:F2} should still be low within mean + pause");
        _clock.Advance(TimeSpan.FromSeconds(0.4));
        Assert.True(detector.IsAvailable, $"φ {detector.Phi:F2} after 4.3 s");

        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.False(detector.IsAvailable, $"φ {detector.Phi:F2} after 4.8 s");
    }

    [Fact]
    public void Heartbeat_AfterSuspicion_MakesTheMemberAvailableAgain()
    {
        var detector = BeatEverySecond(10);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(detector.IsAvailable);

        detector.HeartBeat();

        Assert.True(detector.IsAvailable);
        Assert.InRange(detector.MeanIntervalMs, 900, 1100); // the 30 s outage was not taken as a normal interval
    }

    [Fact]
    public void LowerThreshold_SuspectsSooner()
    {
        var strict = new PhiAccrualFailureDetector(new PhiAccrualFailureDetectorOptions(Threshold: 1), _clock);
        var lenient = new PhiAccrualFailureDetector(new PhiAccrualFailureDetectorOptions(Threshold: 8), _clock);
        for (var i = 0; i < 10; i++)
        {
            strict.HeartBeat();
            lenient.HeartBeat();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        _clock.Advance(TimeSpan.FromSeconds(3.2));

        Assert.False(strict.IsAvailable);
        Assert.True(lenient.IsAvailable);
    }
}

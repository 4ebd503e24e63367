using Fleet.Actors;

namespace Fleet.Actors.Tests.Kernel;

public class PropsSpec
{
    private sealed class Greeter : ReceiveActor
    {
        public Greeter(string greeting, int times) => Receive<string>(name => Sender.Tell(string.Concat(Enumerable.Repeat(greeting + " " + name + ";", times))));
    }

    [Fact]
    public async Task Props_Create_by_type_should_pick_the_constructor_matching_the_arguments()
    {
        await using var system = ActorSystem.Create("props");
        var greeter = system.ActorOf(Props.Create(typeof(Greeter), "hi", 2));
        Assert.Equal("hi bob;hi bob;", await greeter.Ask<string>("bob", TimeSpan.FromSeconds(10)));
        Assert.Throws<ArgumentException>(() => Props.Create(typeof(string)));
    }

    [Fact]
    public async Task Props_should_be_immutable_and_carry_mailbox_dispatcher_and_strategy()
    {
        var props = Props.Create<Echo>();
        var bounded = props.WithMailbox(MailboxOptions.Bounded(8, MailboxOverflow.DropOldest)).WithDispatcher(Dispatchers.PinnedDispatcherId);
        Assert.Equal(MailboxOptions.Unbounded, props.Mailbox);
        Assert.Equal(Dispatchers.DefaultDispatcherId, props.Dispatcher);
        Assert.Equal(8, bounded.Mailbox.Capacity);
        Assert.Equal(Dispatchers.PinnedDispatcherId, bounded.Dispatcher);
        await using var system = ActorSystem.Create("props-apply");
        var echo = system.ActorOf(bounded, "pinned-echo");
        Assert.Equal("x", await echo.Ask<string>("x", TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Unknown_dispatcher_id_should_list_the_known_ones()
    {
        await using var system = ActorSystem.Create("dispatchers", new ActorSystemSettings
        {
            Dispatchers = new Dictionary<string, DispatcherOptions> { ["io"] = new(DispatcherKind.ThreadPool, 1) },
        });
        var error = Assert.Throws<ArgumentException>(() => system.ActorOf(Props.Create<Echo>().WithDispatcher("servo-loop")));
        Assert.Contains("pinned-dispatcher", error.Message);
        Assert.Contains("io", error.Message);
        var io = system.ActorOf(Props.Create<Echo>().WithDispatcher("io"), "io-echo");
        Assert.Equal("y", await io.Ask<string>("y", TimeSpan.FromSeconds(10)));
        Assert.Equal(1, system.Dispatchers.Lookup("io").Throughput);
    }

    [Fact]
    public async Task SystemActorOf_should_create_actors_under_system()
    {
        await using var system = ActorSystem.Create("system-actors");
        var admin = system.SystemActorOf(Props.Create<Echo>(), "admin-api");
        Assert.Equal("/system/admin-api", admin.Path.ToString());
        Assert.NotNull(system.Snapshot().Find("/system/admin-api"));
        Assert.Equal("/system/admin-api", system.Snapshot(admin)!.Path);
    }

    [Fact]
    public void Decider_From_should_reject_a_non_exception_type()
    {
        Assert.Throws<ArgumentException>(() => Decider.From(Directive.Restart, new KeyValuePair<Type, Directive>(typeof(string), Directive.Stop)));
        var decider = Decider.From(Directive.Escalate, Directive.Resume.When<ArgumentNullException>(), Directive.Stop.When<ArgumentException>());
        Assert.Equal(Directive.Resume, decider(new ArgumentNullException()));
        Assert.Equal(Directive.Stop, decider(new ArgumentOutOfRangeException()));
        Assert.Equal(Directive.Escalate, decider(new IOException()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneForOneStrategy(-1, TimeSpan.FromSeconds(1), decider));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AllForOneStrategy(3, TimeSpan.Zero, decider));
    }
}

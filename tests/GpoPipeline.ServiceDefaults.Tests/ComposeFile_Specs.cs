using System.Text.RegularExpressions;
using GpoPipeline.Testing;
using Microsoft.Extensions.Hosting;
using YamlDotNet.RepresentationModel;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// What compose/docker-compose.yml gives each of our services (merge keys resolved, as docker-compose does): there is
/// no Docker engine here to run the stack, so the file is checked against what the code reads.
/// </summary>
public sealed class ComposeFile_Specs
{
    private static readonly string[] StoreOwners = ["GpoPipeline.DecayScheduler", "GpoPipeline.Api"];
    private static readonly string[] StatelessWorkers = ["GpoPipeline.DirectionRetrieval", "GpoPipeline.PromptGeneration", "GpoPipeline.Scoring"];

    [Fact]
    public void When_the_scheduler_and_the_control_plane_start_Should_open_the_same_store()
    {
        var owners = Services().Where(s => StoreOwners.Contains(s.Project)).ToList();

        Assert.Equal(StoreOwners.Order(), owners.Select(s => s.Project).Order());
        foreach (var setting in new[] { "Store__ConnectionString", "Store__Database" })
        {
            var values = owners.Select(s => (s.Name, Value: s.Environment.GetValueOrDefault(setting))).ToList();
            Assert.All(values, v => Assert.False(string.IsNullOrEmpty(v.Value), $"service {v.Name} sets no {setting}: it would open a store file of its own"));
            Assert.Single(values.Select(v => v.Value).Distinct());
        }
    }

    [Fact]
    public void When_a_worker_starts_Should_be_given_no_store_and_no_data()
    {
        var workers = Services().Where(s => StatelessWorkers.Contains(s.Project)).ToList();

        Assert.Equal(StatelessWorkers.Length, workers.Count);
        Assert.All(workers, w => Assert.DoesNotContain(w.Environment.Keys, k => k.StartsWith("Store__", StringComparison.Ordinal)));
        Assert.All(workers, w => Assert.All(w.Volumes, v => Assert.StartsWith("./certs:", v, StringComparison.Ordinal)));
    }

    [Fact]
    public void When_a_service_connects_to_the_tls_broker_Should_have_its_certificate_authority_mounted()
    {
        var onBroker = Services().Where(s => s.Environment.GetValueOrDefault("Messaging__RabbitMqUri")?.StartsWith("amqps://", StringComparison.Ordinal) == true).ToList();

        Assert.Equal(StoreOwners.Length + StatelessWorkers.Length, onBroker.Count);
        Assert.All(onBroker, s => Assert.Contains("./certs:/etc/gpo/certs:ro", s.Volumes));
        Assert.All(onBroker, s => Assert.Contains("/etc/gpo/certs", s.Environment.GetValueOrDefault("SSL_CERT_DIR") ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public void When_a_service_on_the_bus_is_stopped_Should_be_given_longer_than_its_shutdown_timeout()
    {
        // A stopping host lets the model calls its consumers started run to their answer, bounded by the host's
        // shutdown timeout (HostOptions.ShutdownTimeout; no service sets it, so .NET's default unless
        // DOTNET_shutdownTimeoutSeconds says otherwise). Docker's default grace period (10 s) SIGKILLs them first.
        var onBroker = Services().Where(s => s.Environment.ContainsKey("Messaging__RabbitMqUri")).ToList();

        Assert.Equal(StoreOwners.Length + StatelessWorkers.Length, onBroker.Count);
        Assert.All(onBroker, s =>
        {
            var shutdown = s.Environment.TryGetValue("DOTNET_shutdownTimeoutSeconds", out var seconds)
                ? TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
                : new HostOptions().ShutdownTimeout;
            Assert.True(s.StopGracePeriod is not null, $"service {s.Name} sets no stop_grace_period: Docker's 10 s default kills it before its {shutdown.TotalSeconds} s shutdown timeout");
            Assert.True(ComposeDuration(s.StopGracePeriod!) > shutdown, $"service {s.Name}: stop_grace_period {s.StopGracePeriod} is not above the {shutdown.TotalSeconds} s shutdown timeout");
        });
    }

    [Fact]
    public void When_the_scheduler_starts_Should_be_given_no_model_key()
    {
        // The scheduler calls no model (it references no GpoPipeline.Llm): a key there is only one more place to leak it.
        var scheduler = Assert.Single(Services(), s => s.Project == "GpoPipeline.DecayScheduler");

        Assert.DoesNotContain(scheduler.Environment.Keys, k => k == "OPENAI_API_KEY" || k.EndsWith("__ApiKey", StringComparison.Ordinal));
    }

    [Fact]
    public void When_an_image_is_built_Should_send_no_repository_history_or_build_output()
    {
        // The services' build context is the repository root (build.context: ..) and compose/Dockerfile copies all of it.
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.All(new[] { ".git", "**/bin", "**/obj", "**/TestResults" }, pattern => Assert.Contains(pattern, ignored));
        // What a service's `dotnet publish` reads stays.
        Assert.DoesNotContain(ignored, l => l.TrimEnd('/') is "services" or "contracts" or "Directory.Build.props" or "Directory.Packages.props" or "global.json" or "*" or "**");
    }

    /// <summary>A Compose duration (<c>1m30s</c>, <c>40s</c>, <c>500ms</c>).</summary>
    private static TimeSpan ComposeDuration(string value)
    {
        var parts = Regex.Matches(value, "([0-9.]+)(ms|us|h|m|s)");
        Assert.True(parts.Count > 0 && string.Concat(parts.Select(p => p.Value)) == value, $"not a compose duration: {value}");
        return parts.Aggregate(TimeSpan.Zero, (sum, p) =>
        {
            var n = double.Parse(p.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return sum + p.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                _ => TimeSpan.FromMicroseconds(n),
            };
        });
    }

    private sealed record ComposeService(string Name, string? Project, Dictionary<string, string> Environment, List<string> Volumes, string? StopGracePeriod);

    private static List<ComposeService> Services()
    {
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "compose", "docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(reader);
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        return services.Children.Select(entry =>
        {
            var service = Merged((YamlMappingNode)entry.Value);
            var project = Child(service, "build") is YamlMappingNode build && Child(build, "args") is YamlMappingNode args && Child(args, "PROJECT") is YamlScalarNode name ? name.Value : null;
            var environment = Child(service, "environment") is YamlMappingNode env
                ? Merged(env).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? "")
                : [];
            var volumes = Child(service, "volumes") is YamlSequenceNode list ? list.Children.Select(v => ((YamlScalarNode)v).Value!).ToList() : [];
            var grace = Child(service, "stop_grace_period") is YamlScalarNode period ? period.Value : null;
            return new ComposeService(((YamlScalarNode)entry.Key).Value!, project, environment, volumes, grace);
        }).ToList();
    }

    /// <summary>A mapping with its merge key (<c>&lt;&lt;: *anchor</c>) resolved as docker-compose does: its own keys win.</summary>
    private static YamlMappingNode Merged(YamlMappingNode node)
    {
        var merged = new YamlMappingNode();
        if (Child(node, "<<") is YamlMappingNode inherited)
        {
            foreach (var (key, value) in Merged(inherited).Children)
            {
                merged.Children[key] = value;
            }
        }

        foreach (var (key, value) in node.Children.Where(c => c.Key is not YamlScalarNode { Value: "<<" }))
        {
            merged.Children[key] = value;
        }

        return merged;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}

using System.Collections;
using System.Reflection;
using System.Text.Json;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// The embedded store maps a run once and hands every reader a <see cref="RunRecord.DeepCopy"/>: a copy must hold every
/// field, and a reader changing its copy (as RunUpdater does) must not change the stored run or another reader's copy.
/// Every settable property of the run's own records is filled and changed by reflection, so a field or list added
/// later is covered without touching these specs.
/// </summary>
public sealed class RunRecordCopy_Specs
{
    private static readonly Type[] RunParts = [typeof(RunRecord), typeof(StepRecord), typeof(CandidateRecord), typeof(TrajectoryRecord)];

    [Fact]
    public void When_a_run_is_copied_Should_hold_every_field_of_the_run()
    {
        var run = FilledRun();

        var copy = run.DeepCopy();

        Assert.Equal(Json(run), Json(copy));
    }

    [Fact]
    public void When_a_copy_is_changed_everywhere_Should_leave_the_run_it_was_copied_from_as_it_was()
    {
        var run = FilledRun();
        var before = Json(run);

        var copy = run.DeepCopy();
        Change(copy);

        Assert.NotEqual(before, Json(copy));
        Assert.Equal(before, Json(run));
    }

    private static RunRecord FilledRun()
    {
        var run = SampleRuns.New();
        Fill(run, seed: 1);
        return run;
    }

    private static string Json(RunRecord run) => JsonSerializer.Serialize(run);

    private static IEnumerable<PropertyInfo> Settable(object part) =>
        part.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.CanRead);

    /// <summary>Every property of the run's own records a non-default value; each list and dictionary one filled entry.</summary>
    private static void Fill(object part, int seed)
    {
        foreach (var property in Settable(part))
        {
            var type = property.PropertyType;
            if (RunParts.Contains(type) || type.Namespace?.StartsWith("GpoPipeline.Contracts", StringComparison.Ordinal) == true && !type.IsEnum)
            {
                continue; // the contract records (settings, configuration) are immutable and kept from SampleRuns
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                var list = (IList)Activator.CreateInstance(type)!;
                list.Add(NewItem(type.GetGenericArguments()[0], seed + 1));
                property.SetValue(part, list);
            }
            else if (type == typeof(Dictionary<string, string>))
            {
                property.SetValue(part, new Dictionary<string, string> { [$"key{seed}"] = $"value{seed}" });
            }
            else
            {
                property.SetValue(part, Scalar(type, seed));
            }
        }
    }

    /// <summary>Every property of the copy another value, every list and dictionary an entry more, every array element changed.</summary>
    private static void Change(object part)
    {
        foreach (var property in Settable(part))
        {
            var type = property.PropertyType;
            var value = property.GetValue(part);
            switch (value)
            {
                case IList list when type.IsGenericType:
                    foreach (var item in list.Cast<object>().Where(item => RunParts.Contains(item.GetType())))
                    {
                        Change(item);
                    }

                    list.Add(NewItem(type.GetGenericArguments()[0], 99));
                    break;
                case float[] vector:
                    vector[0] += 1;
                    break;
                case IDictionary dictionary:
                    dictionary["changed"] = "changed";
                    break;
                default:
                    if (!RunParts.Contains(type) && type.Namespace?.StartsWith("GpoPipeline.Contracts", StringComparison.Ordinal) != true || type.IsEnum)
                    {
                        property.SetValue(part, Scalar(type, 77));
                    }

                    break;
            }
        }
    }

    private static object NewItem(Type type, int seed)
    {
        if (RunParts.Contains(type))
        {
            var item = Activator.CreateInstance(type)!;
            Fill(item, seed);
            return item;
        }

        return Scalar(type, seed);
    }

    private static object Scalar(Type type, int seed)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain switch
        {
            _ when plain == typeof(string) => $"text {seed}",
            _ when plain == typeof(int) => seed + 10,
            _ when plain == typeof(long) => seed + 20L,
            _ when plain == typeof(double) => seed + 0.5,
            _ when plain == typeof(bool) => seed % 2 == 1,
            _ when plain == typeof(Guid) => new Guid(seed, 0, 0, new byte[8]),
            _ when plain == typeof(DateTime) => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(seed),
            _ when plain == typeof(float[]) => new[] { seed, seed + 1f, seed + 2f },
            _ when plain.IsEnum => Enum.GetValues(plain).GetValue(seed % Enum.GetValues(plain).Length)!,
            _ => throw new InvalidOperationException($"RunRecordCopy_Specs: no test value for {type} (add one, and copy it in DeepCopy if it is mutable)."),
        };
    }
}

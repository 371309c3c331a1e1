using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Optimization.Tests.Support;

namespace GpoPipeline.Optimization.Tests;

/// <summary>WebNLG is not shipped (CC BY-NC-SA); these specs read a copy named by GPO_WEBNLG_DATA when there is one.</summary>
public class WebNlg_Specs
{
    [FactRequiringWebNlg]
    public void When_loading_webnlg_Should_read_every_reference_list_as_a_generation_task()
    {
        var dataset = DatasetFiles.Load(FactRequiringWebNlgAttribute.Root!, "webnlg", "webnlg");
        Assert.Equal(TaskKind.Generation, dataset.Task.Kind);
        Assert.All(dataset[Split.Test], e => Assert.InRange(e.References.Count, 1, 5));
        Assert.Contains(dataset[Split.Test], e => e.References.Count > 1);
        Assert.True(DatasetValidator.Check(dataset, Split.All).IsValid);
    }

    [FactRequiringWebNlg]
    public void When_a_reply_equals_one_of_several_references_Should_score_the_mean_not_one()
    {
        var dataset = DatasetFiles.Load(FactRequiringWebNlgAttribute.Root!, "webnlg", "webnlg");
        var example = dataset[Split.Dev].First(e => e.References.Count > 1);
        var score = TaskScorer.Score(dataset.Task, example.References[0], example);
        var byHand = example.References.Average(r => RougeL.F1(example.References[0], r));
        Assert.Equal(byHand, score, 10);
        Assert.InRange(score, 0.0, 0.999999);
    }
}

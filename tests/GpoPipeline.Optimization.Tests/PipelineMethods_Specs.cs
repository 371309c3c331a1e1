using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Strategies;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

public class PipelineMethods_Specs
{
    public static TheoryData<string> SettingsRoutes => [.. PipelineMethods.Runnable.Where(m => !PipelineMethods.Route(m).ByStrategy)];

    [Theory]
    [MemberData(nameof(SettingsRoutes))]
    public void When_a_GPO_template_method_runs_on_GPO_path_with_its_settings_Should_send_the_catalog_strategy_meta_prompt(string method)
    {
        // The pipeline's GPO path: DirectionRetriever over the picked trajectory, the run's budget, MetaPromptBuilder.
        var route = PipelineMethods.Route(method);
        var strategy = StrategyCatalog.Create(method);
        var context = Context(ThreeSteps(strategy));
        var direction = DirectionRetriever.Retrieve(context.State.Path, new DirectionOptions
        {
            Strategy = route.Retrieval ?? RetrievalStrategy.Relevance, K = route.DirectionSize ?? 3,
        });
        var budget = EditBudget.For(route.Budget ?? new EditBudgetOptions(), context.State.Path.Count, context.TotalSteps);
        var pipeline = MetaPromptBuilder.Build(direction, Examples, budget, new MetaPromptOptions { Refinement = route.Refinement ?? Refinement.Generate });

        Assert.Equal(strategy.Propose(context, [])[0].MetaPrompt, pipeline);
    }

    [Theory]
    [InlineData("opro")]
    [InlineData("ape")]
    public void When_a_baseline_is_driven_by_its_strategy_Should_need_no_retrieval_no_budget_and_no_minibatch(string method)
    {
        var route = PipelineMethods.Route(method);

        Assert.True(route.ByStrategy);
        Assert.Equal(RetrievalStrategy.None, route.Retrieval);
        Assert.Equal(BudgetSchedule.None, route.Budget!.Schedule);
        Assert.Equal(0, StrategyCatalog.Create(method).MinibatchSize);
    }

    [Theory]
    [InlineData("protegi")]
    [InlineData("pe2")]
    [InlineData("apo-gpo-code")]
    public void When_a_method_scores_training_minibatches_Should_be_driven_by_its_strategy_in_the_pipeline(string method)
    {
        var route = PipelineMethods.Route(method);

        Assert.True(route.ByStrategy);
        Assert.Contains(method, PipelineMethods.Runnable);
        Assert.True(StrategyCatalog.Create(method).MinibatchSize > 0);
    }

    [Fact]
    public void When_the_catalog_is_listed_Should_run_every_method_in_the_pipeline()
    {
        Assert.Equal(StrategyCatalog.Names, PipelineMethods.Runnable);
    }

    [Fact]
    public void When_the_method_is_unknown_Should_say_so_and_list_the_runnable_methods()
    {
        var error = Assert.Throws<ArgumentException>(() => PipelineMethods.Route("sgdm"));

        Assert.StartsWith("Method 'sgdm' is not known; expected one of: gpo, ", error.Message, StringComparison.Ordinal);
        Assert.Equal(PipelineMethods.Default, PipelineMethods.Route(null).Method);
        Assert.Equal(PipelineMethods.Default, PipelineMethods.Route(" ").Method);
    }
}

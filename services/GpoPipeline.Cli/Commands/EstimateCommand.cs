using System.CommandLine;
using System.Globalization;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;
using Spectre.Console;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo estimate`: predicted calls, tokens and cost of a run before anything is spent.</summary>
public static class EstimateCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        var run = new RunOptions();
        var json = CommonOptions.Json();
        // Bounded as the price settings are (Llm:<role>:*PricePerMillion): NaN printed $NaN, 1e308 a cost of $Infinity.
        var inputPrice = new Option<double>("--input-price") { Description = "Price per million input tokens (both roles).", DefaultValueFactory = _ => 0 }
            .Between(0, ModelEndpointOptions.MaxPricePerMillion, "a price per million tokens");
        var answerTokens = new Option<int?>("--answer-tokens") { Description = "Typical tokens of the task model's first answer (default: one sentence; chain-of-thought models write 100–300)." }
            .AtLeast(1, "a number of tokens");
        var outputPrice = new Option<double>("--output-price") { Description = "Price per million output tokens (both roles).", DefaultValueFactory = _ => 0 }
            .Between(0, ModelEndpointOptions.MaxPricePerMillion, "a price per million tokens");
        var taskModel = new ModelOptions().TaskModel;
        var store = new Option<string?>("--store")
        {
            Description = "A run store (LiteDB file or mongodb:// URI) to ask how many of the initial prompt's answers it holds: a run takes them from there without a call.",
        }.NotBlank(CommonOptions.StoreExpected);
        run.Data.Required = true;
        run.Task.NotBlank(RunOptions.TaskExpected);
        var command = new Command("estimate", "Predict a run's model calls, tokens and cost (no model is called).");
        foreach (var option in run.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(json);
        command.Options.Add(inputPrice);
        command.Options.Add(outputPrice);
        command.Options.Add(answerTokens);
        command.Options.Add(taskModel);
        command.Options.Add(store);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            // Max tokens and the task model as the run will be configured (Llm:<role>:MaxOutputTokens, spec §4 defaults 256 / 512).
            var configured = RunModelsConfiguration.Read(parse.GetValue(taskModel) is { } given
                ? new Dictionary<string, string?> { ["Llm:Task:Model"] = given }
                : []);
            // The task model is part of every memoized answer's key, so the plan carries it as a run's would.
            var settings = run.ToSettings(parse, parse.GetValue(run.Data)!, configured.Task.Model, null);
            var plan = await Preflight.CheckDatasetAsync(settings);
            var storedAnswers = parse.GetValue(store) is { } storePath
                ? await StoredAnswersAsync(storePath, plan, settings.InitialPrompt, configured.Task.Model, cancellationToken)
                : ((int Stored, int Asked)?)null;
            var dataset = plan.Dataset;
            var dev = dataset[Split.Dev].Take(plan.DevCount).ToList();
            var price = new ModelPrice(parse.GetValue(inputPrice), parse.GetValue(outputPrice));
            // Issue 15: the paper profile asks the second round of Llama-2 chat task models only, and scores every
            // selected prompt on test; production asks it when the first answer states none (expected: none).
            var policy = ProfilePolicy.For(settings.Profile);
            var paperSecondRound = SecondRoundDecision.IsLlama2Chat(configured.Task.Model);
            var input = new SpendEstimateInput
            {
                Steps = plan.TotalSteps,
                DevSize = plan.DevCount,
                TestSize = plan.TestCount,
                AverageExampleChars = (int)Math.Ceiling(dev.Average(e => e.Input.Length)),
                AverageTargetTokens = dev.Average(e => Math.Ceiling(e.Target.Length / (double)SpendEstimator.CharsPerToken)),
                ExpectedAnswerTokens = parse.GetValue(answerTokens),
                Candidates = settings.Candidates,
                DirectionSize = settings.DirectionSize,
                TaskMaxOutputTokens = configured.Task.MaxOutputTokens ?? 256,
                OptimizerMaxOutputTokens = configured.Optimizer.MaxOutputTokens ?? 512,
                UsesEmbeddings = settings.Retrieval == "relevance",
                TwoRoundExtraction = policy.SecondRound == SecondRoundRule.WhenAnswerNotFound || paperSecondRound,
                ExpectedSecondRoundShare = policy.SecondRound == SecondRoundRule.Llama2ChatModelsOnly && paperSecondRound ? 1 : 0,
                TestEvaluatedPrompts = policy.TestEvaluation == TestEvaluationRule.SeedAndEverySelected ? 1 + plan.TotalSteps : 2,
                TaskPrice = price,
                OptimizerPrice = price,
            };
            var expected = SpendEstimator.Expect(input);
            var bound = SpendEstimator.Estimate(input);
            // The limits a run would be given, against this estimate (they were accepted and ignored).
            if (settings.MaxCost is not null && price.InputPerMillion == 0 && price.OutputPerMillion == 0)
            {
                throw new UserInputException("--max-cost: this estimate prices nothing, so every cost is $0; pass --input-price and --output-price (USD per million tokens).");
            }

            var limits = SpendLimitCheck.Of(settings.MaxCalls, settings.MaxTokens, settings.MaxCost, expected, bound);
            if (printer.Json)
            {
                printer.Data(new
                {
                    Task = plan.Dataset.Task.Name, plan.TotalSteps, plan.DevCount, plan.TestCount,
                    expected.Calls, expected.Tokens, expected.Cost, expected.EmbeddingCalls,
                    UpperBound = new { bound.Calls, bound.Tokens, bound.Cost },
                    Detail = expected,
                    UpperBoundDetail = bound,
                    StoredAnswers = storedAnswers is { } held ? new { held.Stored, held.Asked, TaskModel = configured.Task.Model } : null,
                    Limits = limits,
                });
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("role").AddColumn("calls").AddColumn("tokens in / out").AddColumn("cost").AddColumn("upper bound: calls · tokens · cost");
            table.AddRow("task", $"{expected.TaskCalls:N0}", $"{expected.TaskInputTokens:N0} / {expected.TaskOutputTokens:N0}", $"${expected.TaskCost:0.0000}",
                $"{bound.TaskCalls:N0} · {bound.TaskInputTokens + bound.TaskOutputTokens:N0} · ${bound.TaskCost:0.0000}");
            table.AddRow("optimizer", $"{expected.OptimizerCalls:N0}", $"{expected.OptimizerInputTokens:N0} / {expected.OptimizerOutputTokens:N0}", $"${expected.OptimizerCost:0.0000}",
                $"{bound.OptimizerCalls:N0} · {bound.OptimizerInputTokens + bound.OptimizerOutputTokens:N0} · ${bound.OptimizerCost:0.0000}");
            table.AddRow("embedding", $"{expected.EmbeddingCalls:N0}", $"{expected.EmbeddedTexts:N0} texts", "-", "only with an embedding model");
            printer.Console.MarkupLine($"{Markup.Escape(plan.Dataset.Task.Name)}: {plan.TotalSteps} steps, {plan.DevCount} dev and {plan.TestCount} test examples, {settings.Candidates} candidates per step");
            printer.Console.Write(table);
            printer.Console.MarkupLine($"expected: [bold]{expected.Calls:N0} calls, {expected.Tokens:N0} tokens, ${expected.Cost:0.0000}[/] · at most {bound.Calls:N0} calls, {bound.Tokens:N0} tokens, ${bound.Cost:0.0000}");
            printer.Console.MarkupLine(Markup.Escape($"expected assumes {input.ScoredCandidateShare:P0} of candidates scored and first answers of ~{Math.Min(input.TaskMaxOutputTokens, input.ExpectedAnswerTokens ?? SpendEstimator.SentenceTokens + input.AverageTargetTokens):0} tokens; for a chain-of-thought model pass --answer-tokens (e.g. 200). The upper bound: every candidate scored, every reply at its max tokens."));
            foreach (var limit in limits)
            {
                printer.Console.MarkupLine(Markup.Escape(LimitLine(limit)));
            }

            if (storedAnswers is { } answers)
            {
                printer.Console.MarkupLine(Markup.Escape(
                    $"the store holds {answers.Stored:N0} of the initial prompt's {answers.Asked:N0} dev and test answers by {configured.Task.Model}: a run takes them from there without a call (the numbers above count them as paid)."));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string LimitLine(SpendLimitCheck limit)
    {
        static string Amount(SpendLimitCheck check, double value) => check.Option == "--max-cost"
            ? string.Create(CultureInfo.InvariantCulture, $"${value:0.0000}")
            : string.Create(CultureInfo.InvariantCulture, $"{value:N0}");
        var given = $"{limit.Option} {Amount(limit, limit.Limit)}";
        return limit.ExpectedOver
            ? $"{given}: the expected {Amount(limit, limit.Expected)} passes it, so the run stops early, when it is reached."
            : limit.UpperBoundOver
                ? $"{given}: the expected {Amount(limit, limit.Expected)} fits, the upper bound ({Amount(limit, limit.UpperBound)}) does not: the run may stop early."
                : $"{given}: fits even the upper bound ({Amount(limit, limit.UpperBound)}).";
    }

    private static async Task<(int Stored, int Asked)> StoredAnswersAsync(string store, DecayScheduler.RunPlan plan, string initialPrompt, string taskModel, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(taskModel))
        {
            throw new UserInputException("--store: the stored answers are the task model's; name it with --task-model (or Llm__Task__Model).");
        }

        await using var pipeline = await StoreCommands.OpenAsync(store, cancellationToken);
        return await StoredAnswers.OfInitialPromptAsync(pipeline.Store, plan, initialPrompt, cancellationToken);
    }
}

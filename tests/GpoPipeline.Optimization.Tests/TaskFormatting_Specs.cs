using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Tests;

public class TaskFormatting_Specs
{
    [Theory]
    [InlineData(PromptPosition.QEnd, "What is 2+2?\nThink.")]
    [InlineData(PromptPosition.QBegin, "Think.\nWhat is 2+2?")]
    [InlineData(PromptPosition.ABegin, "Q: What is 2+2?\nA: Think. ")]
    public void When_building_the_task_input_Should_place_the_prompt_as_configured(PromptPosition position, string expected) =>
        Assert.Equal(expected, TaskInput.Build("What is 2+2?", "Think.", position));

    [Fact]
    public void When_the_prompt_begins_the_answer_Should_end_the_input_with_a_space_like_the_official_gen_prompt()
    {
        // Official eval_utils.py 254-257: prompt += f"Q: {question}\n"; prompt += "A:"; prompt += f" {instruction} ".
        Assert.Equal("Q: What is 2+2?\nA: Think step by step. ", TaskInput.Build("What is 2+2?", "Think step by step.", PromptPosition.ABegin));
        Assert.Equal("Q: What is 2+2?\nA:", TaskInput.Build("What is 2+2?", "", PromptPosition.ABegin));
    }

    [Fact]
    public void When_the_prompt_is_empty_Should_send_the_question_alone() =>
        Assert.Equal("What is 2+2?", TaskInput.Build("What is 2+2?", "", PromptPosition.QEnd));

    [Theory]
    [InlineData("bbh", "movie_recommendation", "Find a movie:\nOptions:\n(A) X\n(B) Y\n(C) Z\n(D) W\n(E) V",
        "Therefore, summarize your answer with an option among (A) and (E).")]
    [InlineData("bbh", "logical_deduction_three_objects", "Which is last?\nOptions:\n(A) a\n(B) b\n(C) c",
        "Therefore, summarize your answer with an option among (A) and (C).")]
    [InlineData("mmlu", "anatomy", "The trachea\n(A) w\n(B) x\n(C) y\n(D) z", "Therefore, summarize your answer with an option among (A) and (D).")]
    [InlineData("wsc", "wsc", "It was big.\n(A) ball\n(B) table", "Therefore, summarize your answer with an option between (A) and (B).")]
    [InlineData("gsm8k", "gsm8k", "How many?", "Therefore, summarize your final answer with just one number in your response.")]
    [InlineData("bbh", "object_counting", "How many?", "Therefore, summarize your final answer with just one number in your response.")]
    [InlineData("bbh", "dyck_languages", "( [", "Directly output the newly added parentheses that make the parentheses close correctly.")]
    [InlineData("bbh", "word_sorting", "Sort: b a", "Directly output the result of sorting the words alphabetically, separating each word with a space.")]
    public void When_asking_the_second_round_Should_use_the_instruction_of_the_task_type(string benchmark, string task, string question, string expected)
    {
        var definition = new TaskDefinition(benchmark, task, TaskCatalog.KindOf(benchmark, task)!.Value);
        Assert.Equal(expected, SecondRound.Instruction(definition, question));
    }

    [Theory]
    [InlineData("True", "Directly tell me your answer using only \"True\" or \"False\".")]
    [InlineData("no", "Directly tell me your answer using only \"Yes\" or \"No\".")]
    [InlineData("invalid", "Directly tell me your answer using only \"valid\" or \"invalid\".")]
    public void When_a_boolean_task_asks_the_second_round_Should_use_its_gold_words(string gold, string expected)
    {
        var task = new TaskDefinition("bbh", "any", TaskKind.Boolean) { BooleanWords = BooleanWords.FromTargets([gold]) };
        Assert.Equal(expected, SecondRound.Instruction(task, "question"));
    }

    [Fact]
    public void When_the_task_is_generation_Should_have_no_second_round() =>
        Assert.Null(SecondRound.Instruction(new TaskDefinition("webnlg", "webnlg", TaskKind.Generation), "triples"));

    [Theory]
    [InlineData("bbh", "navigate", TaskKind.Boolean)]
    [InlineData("bbh", "snarks", TaskKind.MultipleChoice)]
    [InlineData("bbh", "multistep_arithmetic_two", TaskKind.Numeric)]
    [InlineData("bbh", "dyck_languages", TaskKind.DyckLanguages)]
    [InlineData("bbh", "word_sorting", TaskKind.WordSorting)]
    [InlineData("mmlu", "virology", TaskKind.MultipleChoice)]
    [InlineData("wsc", "wsc", TaskKind.MultipleChoice)]
    [InlineData("gsm8k", "gsm8k", TaskKind.Numeric)]
    [InlineData("webnlg", "webnlg", TaskKind.Generation)]
    public void When_the_task_is_a_known_benchmark_Should_take_its_kind_from_the_name(string benchmark, string task, TaskKind kind) =>
        Assert.Equal(kind, TaskCatalog.KindOf(benchmark, task));

    [Fact]
    public void When_the_task_name_is_unknown_Should_not_guess() =>
        Assert.Null(TaskCatalog.KindOf("bbh", "my_task"));
}

using BenchmarkDotNet.Attributes;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Benchmarks;

/// <summary>Scoring one task-model reply (normaliser + match, or ROUGE-L) per task kind.</summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private static readonly TaskDefinition Choice = new("bbh", "movie_recommendation", TaskKind.MultipleChoice);
    private static readonly TaskDefinition Number = new("gsm8k", "gsm8k", TaskKind.Numeric);
    private static readonly TaskDefinition Bool = new("bbh", "navigate", TaskKind.Boolean) { BooleanWords = BooleanWords.YesNo };
    private static readonly TaskDefinition Sorting = new("bbh", "word_sorting", TaskKind.WordSorting);
    private static readonly TaskDefinition Text = new("webnlg", "webnlg", TaskKind.Generation);

    private static readonly Example ChoiceExample = Example.Of("q", "(C)");
    private static readonly Example NumberExample = Example.Of("q", "1200");
    private static readonly Example BoolExample = Example.Of("q", "No");
    private static readonly Example SortingExample = Example.Of("q", "antler christiana falter invigorate jot kamikaze landlady libya");
    private static readonly Example TextExample = new("q",
    [
        "Aaron S. Daggett fought at the Battle of Gettysburg during the American Civil War which had Robert E. Lee as one of its commanders.",
        "The Battle of Gettysburg, where Aaron S Daggett fought, was part of the American Civil War conflict, where Robert E Lee was a commander.",
        "Aaron S Daggett fought at the Battle of Gettysburg, part of the American Civil War, in which Robert E Lee was a commander.",
    ]);

    [Benchmark]
    public double MultipleChoice() => TaskScorer.Score(Choice, "Looking at every option, (A) is unlikely; so the answer is (C) because (D) is older.", ChoiceExample);

    [Benchmark]
    public double Numeric() => TaskScorer.Score(Number, "First, 3 boxes × 400 = 1,200 items. So the answer is $1,200.00 in total.", NumberExample);

    [Benchmark]
    public double Boolean() => TaskScorer.Score(Bool, "No.", BoolExample);

    [Benchmark]
    public double WordSorting() => TaskScorer.Score(Sorting, "Sorted:\nantler christiana falter invigorate jot kamikaze landlady libya", SortingExample);

    [Benchmark]
    public double GenerationRougeL() =>
        TaskScorer.Score(Text, "Aaron S. Daggett fought in the Battle of Gettysburg, a part of the American Civil War where Robert E. Lee was a commander.", TextExample);
}

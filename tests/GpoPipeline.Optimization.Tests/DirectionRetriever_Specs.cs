using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Tests;

public class DirectionRetriever_Specs
{
    // Five entries, oldest first; the last one is the current prompt.
    private static readonly Trajectory Hand = Trajectory.FromEntries(
    [
        new("Let's think step by step.", 0.40, 0),
        new("Count every object in the list before answering.", 0.70, 1),
        new("Read the question twice and think step by step.", 0.55, 2),
        new("List each item, then count the items one by one.", 0.60, 3),
        new("Think step by step and count each item carefully.", 0.50, 4),
    ]);

    // Hand-made embeddings aligned with Hand: similarity to the current (last) vector is 0.0, 0.6, 0.8, 0.28.
    private static readonly float[][] Vectors =
    [
        [0f, 1f], [0.6f, 0.8f], [0.8f, 0.6f], [0.28f, 0.96f], [1f, 0f],
    ];

    private static IEnumerable<int> Steps(UpdateDirection d) => d.Entries.Select(e => e.Step);

    [Fact]
    public void When_embeddings_are_given_Should_show_current_then_most_similar_descending() =>
        Assert.Equal([4, 2, 1], Steps(DirectionRetriever.Retrieve(Hand, new DirectionOptions(), Vectors)));

    [Fact]
    public void When_the_paper_order_is_chosen_Should_show_ascending_similarity_with_current_last() =>
        Assert.Equal([1, 2, 4], Steps(DirectionRetriever.Retrieve(Hand, new DirectionOptions { Order = DirectionOrder.PaperAscending }, Vectors)));

    [Fact]
    public void When_no_embeddings_are_given_Should_rank_by_lexical_similarity()
    {
        // TF-IDF by hand (idf = ln(6/(1+df)) + 1): cos(current, entry 0) ≈ 0.56 ("think step by step"),
        // entry 2 ≈ 0.49 (same words diluted by "read the question twice"), entry 3 ≈ 0.28, entry 1 smaller.
        Assert.Equal([4, 0, 2], Steps(DirectionRetriever.Retrieve(Hand, new DirectionOptions())));
    }

    [Fact]
    public void When_texts_share_no_words_Should_have_zero_lexical_similarity_and_identical_texts_one()
    {
        var scores = LexicalSimilarity.Scores("Count the apples", ["count THE apples", "Sing loudly"]);
        Assert.Equal(1.0, scores[0], 10);
        Assert.Equal(0.0, scores[1], 10);
    }

    [Fact]
    public void When_k_is_larger_than_the_trajectory_Should_return_every_entry_once() =>
        Assert.Equal([4, 2, 1, 3, 0], Steps(DirectionRetriever.Retrieve(Hand, new DirectionOptions { K = 10 }, Vectors)));

    [Fact]
    public void When_only_the_seed_exists_Should_show_only_the_seed()
    {
        var seed = Trajectory.Start("Let's think step by step.", 0.3);
        Assert.Equal([0], Steps(DirectionRetriever.Retrieve(seed, new DirectionOptions())));
    }

    [Fact]
    public void When_recency_is_chosen_Should_show_the_last_k_newest_first() =>
        Assert.Equal([4, 3, 2], Steps(DirectionRetriever.Retrieve(Hand, new DirectionOptions { Strategy = RetrievalStrategy.Recency })));

    [Fact]
    public void When_importance_is_chosen_Should_show_the_top_k_by_score_even_without_the_current() =>
        Assert.Equal([1, 3, 2], Steps(DirectionRetriever.Retrieve(Hand, new DirectionOptions { Strategy = RetrievalStrategy.Importance })));

    [Fact]
    public void When_importance_scores_tie_Should_keep_the_older_entry_first()
    {
        var tied = Trajectory.FromEntries([new("a", 0.5, 0), new("b", 0.5, 1), new("c", 0.1, 2)]);
        Assert.Equal([0, 1], Steps(DirectionRetriever.Retrieve(tied, new DirectionOptions { Strategy = RetrievalStrategy.Importance, K = 2 })));
    }

    [Fact]
    public void When_relevance_scores_tie_Should_put_the_older_entry_first_like_the_official_argsort()
    {
        // Official relavance_selection.py: earlier entries newest-first = [1, 0] (line 33/44); stable
        // np.argsort of equal similarities gives positions [0, 1], reversed [1, 0] (line 24) = entries [0, 1].
        var tied = Trajectory.FromEntries([new("a", 0.5, 0), new("b", 0.5, 1), new("c", 0.5, 2)]);
        float[][] same = [[1f, 0f], [1f, 0f], [1f, 0f]];
        Assert.Equal([2, 0], Steps(DirectionRetriever.Retrieve(tied, new DirectionOptions { K = 2 }, same)));
        Assert.Equal([2, 0, 1], Steps(DirectionRetriever.Retrieve(tied, new DirectionOptions { K = 3 }, same)));
    }

    [Fact]
    public void When_the_strategy_is_none_Should_show_only_the_current_prompt() =>
        Assert.Equal([4], Steps(DirectionRetriever.Retrieve(Hand, new DirectionOptions { Strategy = RetrievalStrategy.None })));

    [Fact]
    public void When_embeddings_are_not_aligned_Should_say_how_many_were_expected()
    {
        var e = Assert.Throws<ArgumentException>(() => DirectionRetriever.Retrieve(Hand, new DirectionOptions(), Vectors[..3]));
        Assert.Contains("3 embeddings for 5 trajectory entries", e.Message, StringComparison.Ordinal);
    }
}

using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Tests;

/// <summary>Normaliser + match rules of the code (spec §5.3; data/README.md "Scoring in the GPO code").</summary>
public class AnswerExtraction_Specs
{
    [Theory]
    // Multiple choice: the first bracketed letter after the answer cues.
    [InlineData("(B)", "The answer is (B).", true)]
    [InlineData("(B)", "the answer is (B) because (C) is wrong", true)]
    [InlineData("(C)", "(A) is tempting, but the answer is (C)", true)]
    [InlineData("(E)", "I think (B). Actually (E) is the answer", false)] // cut before " is the answer" → first letter (b)
    [InlineData("(C)", "(C) is the correct answer", true)]
    [InlineData("(C)", "Options (A) and (C) look alike; the answer is: (C)", true)]
    [InlineData("(A)", "(a)", true)]
    [InlineData("(A)", "A", true)] // no bracket: the whole reply is compared
    [InlineData("(B)", "B.", true)] // … with punctuation removed
    [InlineData("(A)", "(B)", false)]
    [InlineData("(D)", "Therefore, the correct option is (D) Paris.", true)]
    [InlineData("(A)", "Answer: (A)", true)]
    [InlineData("(A)", "The pronoun refers to (A) The large ball.", true)]
    [InlineData("(B)", "", false)]
    [InlineData("Monsters, Inc", "(A)", false)] // an option-text target cannot match a letter, and does not crash
    [InlineData("Monsters, Inc", "Monsters, Inc", true)] // … but a reply without a letter is compared whole, as in the code
    public void When_a_multiple_choice_reply_is_scored_Should_compare_the_first_letter(string target, string reply, bool correct) =>
        Assert.Equal(correct, Scores(TaskKind.MultipleChoice, target, reply));

    [Theory]
    [InlineData("True", "True.", true)]
    [InlineData("True", "true", true)]
    [InlineData("True", "TRUE", true)]
    [InlineData("False", "The answer is False.", true)]
    [InlineData("False", "The answer is: False", true)]
    [InlineData("True", "1", true)]
    [InlineData("False", "0", true)]
    [InlineData("False", "1", false)]
    [InlineData("Yes", "yes", true)]
    [InlineData("yes", "Yes.", true)]
    [InlineData("No", "false", true)] // the (no, yes) pair also accepts false/true
    [InlineData("No", "true", false)]
    [InlineData("No", "No, the sentence is not plausible.", false)] // only punctuation is removed, the rest stays
    [InlineData("valid", "invalid", false)]
    [InlineData("invalid", "Invalid.", true)]
    [InlineData("valid", "true", true)]
    [InlineData("True", "True, because not False is True", false)]
    public void When_a_boolean_reply_is_scored_Should_match_the_gold_word_or_its_pair(string target, string reply, bool correct) =>
        Assert.Equal(correct, Scores(TaskKind.Boolean, target, reply));

    [Theory]
    [InlineData("1000", "$1,000.00", true)]
    [InlineData("5", "five", true)]
    [InlineData("5", "There are five apples.", true)]
    [InlineData("12", "twelve.", false)] // "twelve." is not a whole number word, as in the code
    [InlineData("42", "The answer is 42.", true)]
    [InlineData("6", "3 + 3 = 6", true)]
    [InlineData("7", "I have 3 apples and 4 pears, so 7 in total", true)] // no cue: the last number
    [InlineData("3", "The answer is 3 apples, not 4", true)] // cue: the first number after it
    [InlineData("156", "156kgs", true)]
    [InlineData("823", "823-yard", true)]
    [InlineData("2", "2.5", true)] // Python's round() is half-to-even
    [InlineData("4", "3.5", true)]
    [InlineData("-30", "The result is -30.", true)]
    [InlineData("10", "#### 10", true)]
    [InlineData("9", "Ahmed has 9 more trees. #### 9", true)]
    [InlineData("1200", "It costs 1,200 dollars", true)]
    [InlineData("50", "50%", true)]
    [InlineData("100", "€100", true)]
    [InlineData("8", "", false)]
    [InlineData("8", "I am not sure.", false)]
    public void When_a_numeric_reply_is_scored_Should_extract_one_rounded_number(string target, string reply, bool correct) =>
        Assert.Equal(correct, Scores(TaskKind.Numeric, target, reply));

    [Theory]
    [InlineData("} )", "} )", true)]
    [InlineData(") )", "The missing brackets are ) ) .", true)]
    [InlineData("] >", "( [ < > ] >", false)] // echoing the sequence: the last run is "> ] >"
    [InlineData(">", "The answer is >", true)]
    [InlineData(")", "No brackets here", false)]
    [InlineData("} ]", "Close with } ] and then (done)", false)] // the last run wins: ")"
    public void When_a_dyck_reply_is_scored_Should_compare_the_last_run_of_closing_brackets(string target, string reply, bool correct) =>
        Assert.Equal(correct, Scores(TaskKind.DyckLanguages, target, reply));

    [Theory]
    [InlineData("apple banana cherry", "apple banana cherry", true)]
    [InlineData("apple banana cherry", "apple\nbanana\ncherry", true)]
    [InlineData("apple banana cherry", "Sorted:\napple banana cherry", true)]
    [InlineData("apple banana cherry", "Apple Banana Cherry", true)]
    [InlineData("apple banana cherry", "banana apple cherry", false)]
    [InlineData("apple banana", "apple, banana", false)]
    public void When_a_word_sorting_reply_is_scored_Should_compare_the_word_lists(string target, string reply, bool correct) =>
        Assert.Equal(correct, Scores(TaskKind.WordSorting, target, reply));

    [Theory]
    [InlineData("The answer is (B) because (C) is wrong", TaskKind.MultipleChoice, "(b)")]
    [InlineData("So the answer is $1,234.", TaskKind.Numeric, "1234")]
    [InlineData("True.", TaskKind.Boolean, "true")]
    [InlineData("The final result is: ) ]", TaskKind.DyckLanguages, ") ]")]
    public void When_normalising_Should_produce_the_code_s_parsed_answer(string reply, TaskKind kind, string parsed) =>
        Assert.Equal(parsed, AnswerNormaliser.Normalise(reply, kind));

    private static bool Scores(TaskKind kind, string target, string reply) =>
        TaskScorer.Score(new TaskDefinition("test", "task", kind), reply, Example.Of("question", target)) == 1;
}

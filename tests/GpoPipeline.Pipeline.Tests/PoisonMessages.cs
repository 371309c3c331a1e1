using System.Text;
using System.Text.Json.Nodes;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Generates the poison suite from real messages captured on the bus (a ScoreBatch of the current step and a reply to
/// it), so that every variant differs from valid work in exactly the way its kind names.
/// </summary>
public static class PoisonMessages
{
    private static readonly string[] ScoreBatchFields = ["runId", "step", "kind", "candidateIndex", "batchIndex", "prompt", "split", "from", "to", "workToken", "scoring", "examples"];
    private static readonly string[] BatchScoredFields = ["runId", "step", "candidateIndex", "batchIndex", "split", "score", "total"];
    private static readonly string[] OtherEndpoints = ["step-started", "direction-retrieved", "candidates-generated", "start-run"];

    public static List<Poison> Generate(JsonObject scoreBatch, JsonObject batchScored, int duplicates)
    {
        var all = new List<Poison>();
        var random = new Random(1313);
        foreach (var endpoint in new[] { "score-batch", "batch-scored" }.Concat(OtherEndpoints))
        {
            all.AddRange(NonJson(endpoint, random, endpoint is "score-batch" or "batch-scored" ? 25 : 8));
            all.Add(Raw(endpoint, "missing-fields", """{"messageType":["urn:message:GpoPipeline.Contracts:X"],"message":{}}"""u8.ToArray()));
        }

        all.AddRange(ScoreBatchVariants(scoreBatch));
        all.AddRange(BatchScoredVariants(batchScored));
        all.AddRange([.. all.Select(AsRawJson)]); // each again as the services send now: raw JSON, type and ids in headers
        var valid = batchScored.ToJsonString();
        all.AddRange(Enumerable.Range(0, duplicates).Select(_ => Envelope("batch-scored", "duplicate", JsonNode.Parse(valid)!.AsObject())));
        return all;
    }

    private static IEnumerable<Poison> ScoreBatchVariants(JsonObject valid)
    {
        foreach (var field in ScoreBatchFields)
        {
            yield return Mutated("score-batch", "missing-fields", valid, m => m.Remove(field));
        }

        JsonNode?[] wrong = ["one", true, JsonNode.Parse("[]"), JsonNode.Parse("{}"), 1e300];
        foreach (var (field, value) in ScoreBatchFields.SelectMany(f => wrong.Select(w => (f, w))).Where((_, i) => i % 3 == 0))
        {
            yield return Mutated("score-batch", "wrong-types", valid, m => m[field] = value?.DeepClone());
        }

        for (var i = 0; i < 8; i++)
        {
            yield return Mutated("score-batch", "unknown-run", valid, m => m["runId"] = Guid.NewGuid().ToString());
        }

        var step = valid["message"]!["step"]!.GetValue<int>();
        foreach (var other in new[] { step - 1, step + 1, step + 7, -1, int.MaxValue })
        {
            yield return Mutated("score-batch", "wrong-step", valid, m => m["step"] = other);
        }

        foreach (var (field, value) in new (string, int)[] { ("from", 100), ("to", 9999), ("from", -5), ("batchIndex", 999), ("candidateIndex", 99), ("candidateIndex", -1) })
        {
            yield return Mutated("score-batch", "out-of-range", valid, m => m[field] = value);
        }

        yield return Mutated("score-batch", "oversized", valid, m => m["prompt"] = new string('p', 30_000));
        yield return Mutated("score-batch", "oversized", valid, m => m["prompt"] = new string('p', 2_000_000));
        yield return Mutated("score-batch", "oversized", valid, m => m["examples"]![0]!["input"] = new string('x', 60_000));
        yield return Mutated("score-batch", "oversized", valid, m =>
        {
            var example = m["examples"]![0]!.ToJsonString();
            m["examples"] = new JsonArray([.. Enumerable.Range(0, 1_500).Select(_ => JsonNode.Parse(example))]);
        });
    }

    private static IEnumerable<Poison> BatchScoredVariants(JsonObject valid)
    {
        foreach (var field in BatchScoredFields)
        {
            yield return Mutated("batch-scored", "missing-fields", valid, m => m.Remove(field));
        }

        JsonNode?[] wrong = ["one", true, JsonNode.Parse("[]"), JsonNode.Parse("{}")];
        foreach (var (field, value) in BatchScoredFields.Append("results").SelectMany(f => wrong.Select(w => (f, w))))
        {
            yield return Mutated("batch-scored", "wrong-types", valid, m => m[field] = value?.DeepClone());
        }

        for (var i = 0; i < 8; i++)
        {
            yield return Mutated("batch-scored", "unknown-run", valid, m => m["runId"] = Guid.NewGuid().ToString());
        }

        var step = valid["message"]!["step"]!.GetValue<int>();
        foreach (var other in new[] { step + 1, step + 7, -1, int.MaxValue })
        {
            yield return Mutated("batch-scored", "wrong-step", valid, m => m["step"] = other);
        }

        foreach (var (field, value) in new (string, int)[] { ("batchIndex", 999), ("batchIndex", -1), ("candidateIndex", 99), ("candidateIndex", -3) })
        {
            yield return Mutated("batch-scored", "out-of-range", valid, m => m[field] = value);
        }

        yield return Mutated("batch-scored", "out-of-range", valid, m => m["results"]![0]!["index"] = 500);
        yield return Mutated("batch-scored", "out-of-range", valid, m => m["split"] = "test");

        // Forged scores: more right than asked, negative, per-example scores out of [0, 1], sums that do not add up, no token.
        yield return Mutated("batch-scored", "forged-score", valid, m => (m["score"], m["total"]) = (400, 4));
        yield return Mutated("batch-scored", "forged-score", valid, m => m["score"] = -1);
        yield return Mutated("batch-scored", "forged-score", valid, m => m["score"] = m["total"]!.GetValue<int>() + 1);
        yield return Mutated("batch-scored", "forged-score", valid, m => m["results"]![0]!["score"] = 7);
        yield return Mutated("batch-scored", "forged-score", valid, m => m["results"]![0]!["score"] = -0.5);
        yield return Mutated("batch-scored", "forged-score", valid, m => m["total"] = 100);
        yield return Mutated("batch-scored", "forged-score", valid, m => m["workToken"] = Guid.NewGuid().ToString());
        yield return Mutated("batch-scored", "forged-score", valid, m => m.Remove("workToken"));
        yield return Mutated("batch-scored", "forged-score", valid, m => m["results"] = new JsonArray());
        yield return Mutated("batch-scored", "forged-score", valid, m =>
        {
            var results = m["results"]!.AsArray();
            results.Add(results[0]!.DeepClone());
            m["total"] = results.Count;
        });

        yield return Mutated("batch-scored", "oversized", valid, m =>
        {
            var first = m["results"]![0]!.ToJsonString();
            m["results"] = new JsonArray([.. Enumerable.Range(0, 5_000).Select(_ => JsonNode.Parse(first))]);
            m["total"] = 5_000;
        });
        yield return Mutated("batch-scored", "oversized", valid, m => m["results"]![0]!["answer"] = new string('a', 2_000_000));
    }

    private static IEnumerable<Poison> NonJson(string endpoint, Random random, int count)
    {
        string[] texts = ["", "not json", "{", "}", "null", "[]", "42", "\"a string\"", "{\"message\":", "<xml/>", "{\"messageType\":7}"];
        for (var i = 0; i < count; i++)
        {
            var body = i < texts.Length ? Encoding.UTF8.GetBytes(texts[i]) : RandomBytes(random, 1 + random.Next(4096));
            yield return Raw(endpoint, "non-json", body);
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// The same poison as raw JSON: the envelope's message alone, its type and ids as transport headers (none for a body
    /// that is no envelope, so the endpoint reads it as its own message type).
    /// </summary>
    private static Poison AsRawJson(Poison envelope)
    {
        var id = Guid.NewGuid();
        JsonObject? parsed;
        try
        {
            parsed = JsonNode.Parse(envelope.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = null;
        }

        if (parsed?["message"] is not JsonObject message)
        {
            return envelope with { Id = id, Raw = true };
        }

        var headers = new Dictionary<string, object?> { ["MessageId"] = id.ToString(), ["ConversationId"] = id.ToString() };
        if (parsed["messageType"] is JsonArray types)
        {
            headers["MT-MessageType"] = string.Join(";", types.Select(t => t?.ToString()));
        }

        return envelope with { Id = id, Body = Encoding.UTF8.GetBytes(message.ToJsonString()), Raw = true, Headers = headers };
    }

    private static Poison Raw(string endpoint, string kind, byte[] body) => new(endpoint, kind, Guid.NewGuid(), body);

    private static Poison Mutated(string endpoint, string kind, JsonObject valid, Action<JsonObject> change)
    {
        var envelope = JsonNode.Parse(valid.ToJsonString())!.AsObject();
        change(envelope["message"]!.AsObject());
        return Envelope(endpoint, kind, envelope);
    }

    private static Poison Envelope(string endpoint, string kind, JsonObject envelope)
    {
        var id = Guid.NewGuid();
        envelope["messageId"] = id.ToString();
        envelope["conversationId"] = id.ToString(); // a reply to this message carries it: how the spec tells it was executed
        envelope.Remove("destinationAddress");
        return new Poison(endpoint, kind, id, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }
}

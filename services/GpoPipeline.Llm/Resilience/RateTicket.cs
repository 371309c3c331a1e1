namespace GpoPipeline.Llm;

/// <summary>One request's turn from an <see cref="AdaptiveRateLimiter"/>.</summary>
/// <param name="Epoch">The rate's decrease count when the request started: overloads of older requests decrease nothing.</param>
/// <param name="Paced">The request waited for its turn, so the rate (not the caller's demand) bounded it.</param>
internal readonly record struct RateTicket(long Epoch, bool Paced);

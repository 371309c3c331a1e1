using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GpoPipeline.Llm;

/// <summary>
/// The OpenAI <c>seed</c> for a sampled call: a stable hash of (run, step, candidate), so candidate i of a
/// step is reproducible on servers that honour seeds and different candidates sample differently.
/// </summary>
public static class CallSeed
{
    public static long For(ModelCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Span<byte> input = stackalloc byte[24];
        if (call.SamplingSeed is { } seed)
        {
            BinaryPrimitives.WriteInt64LittleEndian(input, seed);
            BinaryPrimitives.WriteInt64LittleEndian(input[8..], 0x4750_4F53_4545_4453); // "GPOSEEDS": apart from any run id
        }
        else
        {
            call.RunId.TryWriteBytes(input);
        }

        BinaryPrimitives.WriteInt32LittleEndian(input[16..], call.Step);
        BinaryPrimitives.WriteInt32LittleEndian(input[20..], call.CandidateIndex ?? -1);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        // 31 bits keep the value valid for servers that parse seed as a 32-bit int (vLLM, llama.cpp).
        return BinaryPrimitives.ReadInt32LittleEndian(hash) & int.MaxValue;
    }
}

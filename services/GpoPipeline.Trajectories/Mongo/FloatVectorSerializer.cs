using System.Buffers.Binary;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace GpoPipeline.Trajectories.Mongo;

/// <summary>
/// An embedding as BSON binary (little-endian 32-bit floats, 4 bytes a dimension), as the embedded store keeps it
/// (LiteDbMapping). The driver's default, an array of doubles, takes ~13 bytes a dimension: 3.3 times the bytes, so a
/// long run's trajectory (one vector per entry, in the run document) met MongoDB's 16 MB document limit that much
/// sooner (review). Reads the old array form too.
/// </summary>
internal sealed class FloatVectorSerializer : SerializerBase<float[]?>
{
    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, float[]? value)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (value is null)
        {
            context.Writer.WriteNull();
            return;
        }

        var bytes = new byte[value.Length * sizeof(float)];
        for (var i = 0; i < value.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value[i]);
        }

        context.Writer.WriteBinaryData(new BsonBinaryData(bytes, BsonBinarySubType.Binary));
    }

    public override float[]? Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.Reader;
        switch (reader.GetCurrentBsonType())
        {
            case BsonType.Null:
                reader.ReadNull();
                return null;
            case BsonType.Binary:
                var bytes = reader.ReadBinaryData().Bytes;
                if (bytes.Length % sizeof(float) != 0)
                {
                    throw new FormatException($"A stored embedding of {bytes.Length} bytes is not a whole number of 4-byte floats.");
                }

                var vector = new float[bytes.Length / sizeof(float)];
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
                }

                return vector;
            case BsonType.Array:
                var values = new List<float>();
                reader.ReadStartArray();
                while (reader.ReadBsonType() != BsonType.EndOfDocument)
                {
                    values.Add((float)reader.ReadDouble());
                }

                reader.ReadEndArray();
                return [.. values];
            default:
                throw new FormatException($"A stored embedding is a BSON {reader.GetCurrentBsonType()}, expected binary or an array of numbers.");
        }
    }
}

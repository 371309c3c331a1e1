namespace GpoPipeline.Trajectories;

/// <summary>
/// The <c>Store</c> settings select a store that cannot be used (a file that is not a store, a folder, a malformed
/// MongoDB URI); the message names the setting and what was expected. An <see cref="InvalidOperationException"/>, as
/// the factories threw before it had a type of its own.
/// </summary>
public sealed class StoreSettingException : InvalidOperationException
{
    public StoreSettingException()
    {
    }

    public StoreSettingException(string message)
        : base(message)
    {
    }

    public StoreSettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

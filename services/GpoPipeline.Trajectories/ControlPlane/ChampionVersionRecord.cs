namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>
/// One version of a task's champion prompt. Versions only grow (1, 2, …), so a client's ETag changes on every
/// promotion and rollback; <see cref="Predecessor"/> is the version a rollback returns to.
/// </summary>
public sealed class ChampionVersionRecord : IStoredDocument
{
    public static string KeyOf(string task, int number) => $"{task}/{number}";

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Task { get; set; } = "";
    public int Number { get; set; }
    public string Prompt { get; set; } = "";

    /// <summary>The run that produced the prompt (null for the task's initial prompt).</summary>
    public Guid? RunId { get; set; }

    /// <summary>Held-out score (0–100 points, stored) measured when it was promoted; the API answers it 0–1.</summary>
    public double? HeldOutScore { get; set; }

    /// <summary>The champion this one replaced in the rollback chain; null for the first.</summary>
    public int? Predecessor { get; set; }

    /// <summary>Set when this version is a rollback: the version whose prompt it restores.</summary>
    public int? Restores { get; set; }
    public string Reason { get; set; } = "";
    public DateTime PromotedAt { get; set; }

    /// <summary>
    /// Written true with the version, set false once its ChampionPromoted has left: a version still marked after a while
    /// is announced again by the control plane (the writer died or the broker refused between writing and publishing).
    /// Versions stored before the mark existed read false: they were announced, or lost before it could be known.
    /// </summary>
    public bool AnnouncementPending { get; set; }
}

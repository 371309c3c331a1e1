using GpoPipeline.Llm;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;

// Stateless: the broker and a model endpoint, nothing else (no store, no data files). Scale by starting more.
return await HostStartup.RunCheckedAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults("scoring");
    builder.AddModelAccess();
    builder.AddScoring();
    builder.AddPipelineBus(bus => bus.AddScoringConsumers());

    var app = builder.Build();
    app.MapDefaultEndpoints();
    return app;
});

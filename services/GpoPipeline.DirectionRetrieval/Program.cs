using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.ServiceDefaults;

// Stateless: the broker and a model endpoint, nothing else (no store, no data files).
return await HostStartup.RunCheckedAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults("direction-retrieval");
    builder.AddModelAccess();
    builder.AddDirectionRetrieval();
    builder.AddPipelineBus(bus => bus.AddDirectionRetrievalConsumers());

    var app = builder.Build();
    app.MapDefaultEndpoints();
    return app;
});

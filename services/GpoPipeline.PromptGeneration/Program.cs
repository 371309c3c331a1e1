using GpoPipeline.Llm;
using GpoPipeline.PromptGeneration;
using GpoPipeline.ServiceDefaults;

// Stateless: the broker and a model endpoint, nothing else (no store, no data files).
return await HostStartup.RunCheckedAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults("prompt-generation");
    builder.AddModelAccess();
    builder.AddPromptGeneration();
    builder.AddPipelineBus(bus => bus.AddPromptGenerationConsumers());

    var app = builder.Build();
    app.MapDefaultEndpoints();
    return app;
});

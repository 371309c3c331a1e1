using GpoPipeline.Llm;
using GpoPipeline.PromptGeneration;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("prompt-generation");
builder.Services.AddRunStore(builder.Configuration);
builder.AddModelAccess();
builder.AddPromptGeneration();
builder.AddPipelineBus(bus => bus.AddPromptGenerationConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

using GpoPipeline.Llm;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("scoring");
builder.Services.AddRunStore(builder.Configuration);
builder.AddModelAccess();
builder.AddScoring();
builder.AddPipelineBus(bus => bus.AddScoringConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

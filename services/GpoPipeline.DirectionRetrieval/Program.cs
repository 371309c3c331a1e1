using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("direction-retrieval");
builder.Services.AddRunStore(builder.Configuration);
builder.AddModelAccess();
builder.Services.AddDirectionRetrieval();
builder.AddPipelineBus(bus => bus.AddDirectionRetrievalConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

using GpoPipeline.DecayScheduler;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;

return await HostStartup.RunCheckedAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults("decay-scheduler");
    builder.Services.AddRunStore(builder.Configuration);
    builder.Services.AddDecayScheduler();
    builder.AddPipelineBus(bus => bus.AddDecaySchedulerConsumers());

    var app = builder.Build();
    app.MapDefaultEndpoints();
    return app;
});

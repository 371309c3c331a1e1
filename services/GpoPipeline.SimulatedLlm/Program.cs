using GpoPipeline.ServiceDefaults;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.SimulatedLlm.Hosting;

// Standalone simulated LLM (a test instrument): dotnet run --project services/GpoPipeline.SimulatedLlm -- --urls http://127.0.0.1:5080
return await HostStartup.RunCheckedAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddServiceDefaults("GpoPipeline.SimulatedLlm");
    var options = builder.Configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
    var app = SimulatorApp.Build(builder, options);
    app.MapDefaultEndpoints();
    return app;
});

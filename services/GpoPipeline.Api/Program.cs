using GpoPipeline.Api;

var app = ControlPlaneApp.Build(args);
await ControlPlaneApp.BootstrapAsync(app);
await app.RunAsync();

using GpoPipeline.Api;

var app = ControlPlaneApp.Build(args);
await app.RunAsync();

using GpoPipeline.ServiceDefaults;
using GpoPipeline.Api;

var app = ControlPlaneApp.Build(args);
return await app.RunCheckedAsync();

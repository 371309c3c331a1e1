using GpoPipeline.ServiceDefaults;
using GpoPipeline.Api;

return await HostStartup.RunCheckedAsync(() => ControlPlaneApp.Build(args));

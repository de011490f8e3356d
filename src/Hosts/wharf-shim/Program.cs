// wharf-shim: one per running container (see Wharf.Shim.Server.ShimServer).
return Wharf.Shim.Server.ShimServer.Run(args);

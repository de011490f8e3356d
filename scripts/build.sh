#!/usr/bin/env bash
# Builds the solution and publishes the NativeAOT binaries into out/<name>/.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Wharf.slnx -c Release -v quiet -nologo
dotnet publish src/Hosts/wharf-runtime -c Release -r linux-x64 -o out/wharf-runtime -v quiet -nologo
dotnet publish src/Hosts/wharf-shim -c Release -r linux-x64 -o out/wharf-shim -v quiet -nologo
dotnet publish src/Hosts/wharfd -c Release -r linux-x64 -o out/wharfd -v quiet -nologo
dotnet publish src/Hosts/wharf -c Release -r linux-x64 -o out/wharf -v quiet -nologo

#!/usr/bin/env bash
# Builds and lints every Bicep file under infra/ with the Bicep CLI restored from its NuGet package (offline).
# Fails on any error-level diagnostic; infra/bicepconfig.json raises the lint rules that matter to error.
set -euo pipefail
cd "$(dirname "$0")/../.."

project=tests/AttachFunctions.Infra.Tests/AttachFunctions.Infra.Tests.csproj

# The test project references the CLI package (nothing else is downloaded); restore is a no-op after the build.
dotnet restore "$project" -nologo -v quiet >/dev/null
bicep=$(dotnet msbuild "$project" -nologo -getProperty:BicepCliPath)
if [ ! -f "$bicep" ]; then
  echo "Bicep CLI not found after restore (BicepCliPath='$bicep')" >&2
  exit 1
fi
[ -x "$bicep" ] || chmod +x "$bicep"
"$bicep" --version

# Work on a copy so that the compiled .json files never land in the source tree.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r infra "$work/infra"

mapfile -t sources < <(cd "$work" && find infra -name '*.bicep' | sort)
if [ "${#sources[@]}" -eq 0 ]; then
  echo "no .bicep files under infra/" >&2
  exit 1
fi

status=0
"$bicep" build --pattern "$work/infra/**/*.bicep" || status=1
"$bicep" lint --pattern "$work/infra/**/*.bicep" || status=1

built=0
for source in "${sources[@]}"; do
  if [ -f "$work/${source%.bicep}.json" ]; then
    built=$((built + 1))
  else
    echo "not built: $source" >&2
    status=1
  fi
done

echo "bicep build + lint: ${#sources[@]} files, ${built} built, exit ${status}"
exit "$status"

#!/usr/bin/env bash
# Makes sure kubectl is on PATH for the emulator's kubectl client test (KubectlClientTests), which fails under CI without it.
# Installs the Debian package "kubectl" from the machine's configured apt sources when it is missing. Never stops the
# run: without kubectl that one test fails under CI with a message saying so, and every other test still runs.
set -uo pipefail

if command -v kubectl >/dev/null 2>&1; then
  kubectl version --client 2>/dev/null | head -1
  exit 0
fi

echo "kubectl not found: installing the Debian package kubectl"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd="sudo"
  else
    echo "warning: kubectl is missing and this user cannot install packages; KubectlClientTests will fail" >&2
    exit 0
  fi
fi

$sudo_cmd apt-get update -qq
if ! $sudo_cmd apt-get install -y -qq kubectl; then
  echo "warning: the package kubectl could not be installed from the configured apt sources; KubectlClientTests will fail" >&2
  exit 0
fi
kubectl version --client | head -1

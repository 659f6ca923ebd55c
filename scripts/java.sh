#!/usr/bin/env bash
# Installs Debian's headless Java runtime when `java` is missing (Spark, and so the Spark integration tests
# and benchmarks/scale_out.py, need one). Prints the path of the java executable.
set -euo pipefail
if ! command -v java >/dev/null 2>&1; then
  command -v apt-get >/dev/null || { echo "java is missing and apt-get is not available" >&2; exit 1; }
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
command -v java

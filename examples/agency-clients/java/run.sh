#!/usr/bin/env bash
# Lấy bộ ký (Maven Central, một lần) rồi chạy ví dụ bằng trình khởi chạy mã nguồn của Java 17.
# Fetches the signer (Maven Central, once), then runs the example with Java 17's source-file launcher.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CLASSPATH_FILE="$(mktemp)"
trap 'rm -f "$CLASSPATH_FILE"' EXIT
mvn -q -B -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$CLASSPATH_FILE" >&2
java -Dlt.examples="$HERE/.." -cp "$(cat "$CLASSPATH_FILE")" "$HERE/XacThucCongDan.java" "$@"

#!/usr/bin/env bash
# The spec-change loop in one command: a newer published spec (or facts file) in; openapi.json rebuilt, the
# published names it drops kept as deprecated aliases, the SDK regenerated, the tests run, the version bumped
# and the API changelog entry prepended to CHANGELOG.md.
#
# Usage: bash scripts/regenerate.sh NEW_SPEC [options]
#   --tests "ARGS"     pytest arguments for the test step (default: the whole suite)
#   --date YYYY-MM-DD  the changelog entry's date (default: today, UTC)
#   --entry-out FILE   also write the changelog entry (Markdown) there, e.g. for a pull request body
#   --changelog FILE   the changelog to prepend to (default: CHANGELOG.md)
# Environment: REGENERATE_PYTHON, the interpreter to use (default: .venv/bin/python, created if missing).
#
# Exits 0 with "no API change" when openapi.json comes out the same; otherwise non-zero naming the failing
# step. Steps run in the checkout this script belongs to.
set -uo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in -h|--help) usage ;; esac
new_spec=$(cd "$(dirname "$1")" 2>/dev/null && pwd)/$(basename "$1") || { echo "regenerate.sh: $1 not found" >&2; exit 2; }
shift
tests="" date_arg="" entry_out="" changelog=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tests) tests="$2"; shift 2 ;;
    --date) date_arg="$2"; shift 2 ;;
    --entry-out) entry_out=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --changelog) changelog="$2"; shift 2 ;;
    *) echo "regenerate.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -f "$new_spec" ] || { echo "regenerate.sh: $new_spec not found" >&2; exit 2; }

cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
current=""
step() { current="$1"; printf '\n==== regenerate: %s ====\n' "$1" >&2; }
fail() { echo "regenerate.sh: FAILED at step '$current'" >&2; exit 1; }

step "python environment"
if [ -n "${REGENERATE_PYTHON:-}" ]; then
  py="$REGENERATE_PYTHON"
else
  # shellcheck source=scripts/_venv.sh
  source scripts/_venv.sh
  ensure_venv dev || fail
  py=.venv/bin/python
fi

step "rebuild openapi.json from $new_spec"
cp openapi.json "$work/previous.json" || fail
"$py" -m spec_builder --facts "$new_spec" --previous "$work/previous.json" --out openapi.json --quiet || fail
if cmp -s openapi.json "$work/previous.json"; then
  echo "regenerate.sh: no API change (openapi.json is the same); nothing to do" >&2
  exit 0
fi

cp openapi.json "$work/rebuilt.json" || fail

step "compatibility guard (published names kept as deprecated aliases)"
"$py" -m spec_builder compat --previous "$work/previous.json" --spec openapi.json --notes "$work/kept.json" || fail

step "API changelog"
# The entry describes the API's change (the rebuilt spec, before the guard), and lists what the guard kept.
"$py" -m spec_builder diff "$work/previous.json" "$work/rebuilt.json" --json --out "$work/diff.json" || fail
"$py" -m spec_builder diff "$work/previous.json" "$work/rebuilt.json" --body --kept "$work/kept.json" \
  --out "$work/entry.md" || fail

step "version bump"
version=$("$py" -m spec_builder bump --diff "$work/diff.json" --config openapi-generator-config.yaml) || fail
echo "regenerate.sh: version $version" >&2

step "regenerate the SDK"
"$py" -m generator || fail

step "tests${tests:+ ($tests)}"
# shellcheck disable=SC2086  # the test arguments are meant to be split into words
"$py" -m pytest ${tests:-test} || fail

step "changelog entry"
"$py" -m spec_builder changelog --entry "$work/entry.md" --version "$version" \
  ${date_arg:+--date "$date_arg"} ${changelog:+--changelog "$changelog"} || fail
if [ -n "$entry_out" ]; then cp "$work/entry.md" "$entry_out" || fail; fi
echo "regenerate.sh: done: version $version; see ${changelog:-CHANGELOG.md}" >&2

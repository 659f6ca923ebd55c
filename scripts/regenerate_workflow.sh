#!/usr/bin/env bash
# The steps of .github/workflows/regenerate.yml, as a script that runs the same way on a laptop:
#
#   bash scripts/regenerate_workflow.sh prepare SPEC OUT_DIR [regenerate.sh options]
#       SPEC is an http(s):// or file:// URL, or a path. Fetches it into OUT_DIR/spec.json and runs
#       scripts/regenerate.sh on it (its options, e.g. --tests, pass through). Writes changed=true|false,
#       version=X.Y.Z and body=OUT_DIR/entry.md (the changelog entry, the pull request's body) to
#       $GITHUB_OUTPUT when set, and always to OUT_DIR/outputs.
#   bash scripts/regenerate_workflow.sh open-pr OUT_DIR [BASE_BRANCH]
#       Commits the regenerated checkout on a new branch regenerate/<version>, pushes it to origin and opens
#       a pull request with the changelog entry as its body (the GitHub CLI, `gh`; GH_TOKEN in the
#       environment). BASE_BRANCH defaults to main.
set -euo pipefail
cd "$(dirname "$0")/.."

fetch() {  # SPEC TARGET
  case "$1" in
    http://*|https://*) curl --fail --silent --show-error --location --retry 3 --output "$2" "$1" ;;
    file://*) cp "${1#file://}" "$2" ;;
    *) cp "$1" "$2" ;;
  esac
}

output() {  # KEY VALUE OUT_DIR
  echo "$1=$2" >>"$3/outputs"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1=$2" >>"$GITHUB_OUTPUT"; fi
}

prepare() {
  local spec="$1" out="$2"
  shift 2
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  : >"$out/outputs"
  echo "regenerate_workflow: fetching $spec" >&2
  fetch "$spec" "$out/spec.json" || { echo "regenerate_workflow: could not fetch $spec" >&2; exit 1; }
  rm -f "$out/entry.md"
  bash scripts/regenerate.sh "$out/spec.json" --entry-out "$out/entry.md" "$@"
  if [ -f "$out/entry.md" ]; then
    output changed true "$out"
    output version "$(sed -n 's/^packageVersion: *//p' openapi-generator-config.yaml)" "$out"
    output body "$out/entry.md" "$out"
  else
    output changed false "$out"
  fi
}

open_pr() {
  local out="$1" base="${2:-main}" version branch
  version=$(sed -n 's/^version=//p' "$out/outputs")
  [ -n "$version" ] || { echo "regenerate_workflow: nothing to propose (no version in $out/outputs)" >&2; exit 1; }
  branch="regenerate/$version"
  git checkout -b "$branch"
  git add -A -- . ':!.tools' ':!.venv'
  git -c user.name="${GIT_AUTHOR_NAME:-mixpeek-sdk-bot}" -c user.email="${GIT_AUTHOR_EMAIL:-sdk-bot@users.noreply.github.com}" \
    commit --quiet -m "Regenerate from the published API spec: version $version"
  git push --quiet origin "$branch"
  gh pr create --base "$base" --head "$branch" --title "Regenerate the SDK: version $version" \
    --body-file "$out/entry.md"
}

case "${1:-}" in
  prepare) shift; [ $# -ge 2 ] || { sed -n '2,14p' "$0" >&2; exit 2; }; prepare "$@" ;;
  open-pr) shift; [ $# -ge 1 ] || { sed -n '2,14p' "$0" >&2; exit 2; }; open_pr "$@" ;;
  *) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac

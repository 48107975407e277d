#!/usr/bin/env bash
# The logic of the artlint GitHub Action (action.yml runs this; tests/test_action.py too).
#
# Inputs come as environment variables, never pasted into the script:
#   INPUT_PATHS       files or folders, separated by spaces or newlines (default ".")
#   INPUT_ARGS        extra artlint arguments: one a line when there are several lines
#                     (so a value may hold spaces), else separated by spaces
#   INPUT_FAIL_ON     info, warning or error: passed on as --fail-on; empty: the config's
#   INPUT_EXIT_ZERO   "true" to exit 0 even when findings remain (errors still exit 2)
#   INPUT_FIX         "true" to fix first (`artlint check --fix`), "false" (default) not to
#   INPUT_SARIF_FILE  where to write a SARIF log as well; empty for none
#   ARTLINT           the artlint command to run; unset: the virtualenv ARTLINT_VENV
#                     (default $RUNNER_TEMP/artlint-venv), reused when it holds this
#                     checkout's version (action.yml caches it), else made afresh with
#                     $ARTLINT_PYTHON and this checkout ($GITHUB_ACTION_PATH) installed
#   ARTLINT_ACTION_REPOSITORY, ARTLINT_ACTION_REF
#                     the action's own repository and ref: SARIF's helpUri links the
#                     rule pages of that version (ARTLINT_DOCS_URL, unless already set)
#
# One artlint run does everything: annotations to the log (--output-format github), the
# markdown summary to $GITHUB_STEP_SUMMARY, the SARIF log (--report sarif:FILE) and the
# findings as JSON Lines (--report json-lines:FILE, counted for the `findings` output).
# `exit-code`, `findings` and `sarif-file` go to $GITHUB_OUTPUT. The exit code is artlint's:
# 0 clean, 1 findings, 2 errors.
set -uo pipefail

fail() {
  echo "::error title=artlint action::$1"
  exit 2
}

fix="${INPUT_FIX:-false}"
case "$fix" in
  true | false) ;;
  *) fail "input fix must be true or false; got '$fix'" ;;
esac
sarif_file="${INPUT_SARIF_FILE:-}"
exit_zero="${INPUT_EXIT_ZERO:-false}"
case "$exit_zero" in
  true | false) ;;
  *) fail "input exit-zero must be true or false; got '$exit_zero'" ;;
esac
fail_on="${INPUT_FAIL_ON:-}"
case "$fail_on" in
  "" | info | warning | error) ;;
  *) fail "input fail-on must be info, warning or error; got '$fail_on'" ;;
esac

# Split the inputs on whitespace, without glob expansion.
set -f
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})
if [[ "${INPUT_ARGS:-}" == *$'\n'* ]]; then  # one argument a line, spaces kept
  args=()
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [ -z "$line" ] || args+=("$line")
  done <<< "$INPUT_ARGS"
else
  # shellcheck disable=SC2206
  args=(${INPUT_ARGS:-})
fi
set +f
[ -z "$fail_on" ] || args+=(--fail-on "$fail_on")
[ "${#paths[@]}" -gt 0 ] || paths=(.)

# The virtualenv is reused when it holds this checkout's version (action.yml restores it
# from the cache, keyed by action/cache-key.sh); otherwise it is made afresh.
pyproject="${GITHUB_ACTION_PATH:-.}/pyproject.toml"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$pyproject" 2>/dev/null)"
if [ -z "${ARTLINT:-}" ]; then
  venv="${ARTLINT_VENV:-${RUNNER_TEMP:-$(mktemp -d)}/artlint-venv}"
  installed="$("$venv/bin/artlint" --version 2>/dev/null)"
  if [ -n "$version" ] && [ "$installed" = "artlint $version" ]; then
    echo "artlint $version: reusing $venv"
  else
    rm -rf "$venv"
    "${ARTLINT_PYTHON:-python3}" -m venv "$venv" || fail "cannot create a virtualenv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}" || fail "cannot install artlint"
  fi
  ARTLINT="$venv/bin/artlint"
fi
if [ -z "${ARTLINT_DOCS_URL:-}" ] && [ -n "${ARTLINT_ACTION_REPOSITORY:-}" ] \
    && [ -n "${ARTLINT_ACTION_REF:-}" ]; then
  server="${GITHUB_SERVER_URL:-https://github.com}"
  export ARTLINT_DOCS_URL="$server/$ARTLINT_ACTION_REPOSITORY/blob/$ARTLINT_ACTION_REF"
fi

temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
mkdir -p "$temp"
report_dir="$(mktemp -d "$temp/artlint-report.XXXXXX")" || fail "cannot make a temporary folder"
findings_file="$report_dir/findings.jsonl"
reports=(--report "json-lines:$findings_file")
if [ -n "$sarif_file" ]; then
  mkdir -p "$(dirname "$sarif_file")"
  reports+=(--report "sarif:$sarif_file")
fi
extra=()
[ "$exit_zero" = false ] || extra+=(--exit-zero)
[ "$fix" = false ] || extra+=(--fix)
"$ARTLINT" check --output-format github "${args[@]}" "${extra[@]}" "${reports[@]}" \
  "${paths[@]}"
code=$?
findings=""  # empty: the run stopped before reporting (a usage or configuration error)
[ ! -f "$findings_file" ] || findings="$(wc -l < "$findings_file" | tr -d ' ')"
rm -rf "$report_dir"

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "findings=$findings"
    echo "sarif-file=$sarif_file"
  } >> "$GITHUB_OUTPUT"
fi
exit "$code"

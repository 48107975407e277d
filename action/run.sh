#!/usr/bin/env bash
# The logic of the artlint GitHub Action (action.yml runs this; tests/test_action.py too).
#
# Inputs come as environment variables, never pasted into the script:
#   INPUT_PATHS       files or folders, separated by spaces or newlines (default ".")
#   INPUT_ARGS        extra artlint arguments: one a line when there are several lines
#                     (so a value may hold spaces), else separated by spaces
#   INPUT_FAIL_ON     info, warning or error: passed on as --fail-on; empty: the config's
#   INPUT_EXIT_ZERO   "true" to exit 0 even when findings remain (errors still exit 2)
#   INPUT_FIX         "true" to run `artlint fix` first, "false" (default) not to
#   INPUT_SARIF_FILE  where to write a SARIF log as well; empty for none
#   ARTLINT           the artlint command to run; unset: install this checkout
#                     ($GITHUB_ACTION_PATH) into a virtualenv made with $ARTLINT_PYTHON
#
# Annotations go to the log (--output-format github), the markdown summary to
# $GITHUB_STEP_SUMMARY (once), `exit-code` and `sarif-file` to $GITHUB_OUTPUT. The exit
# code is artlint check's: 0 clean, 1 findings, 2 errors (or 2 if fix or SARIF failed).
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

if [ -z "${ARTLINT:-}" ]; then
  venv="${RUNNER_TEMP:-$(mktemp -d)}/artlint-venv"
  "${ARTLINT_PYTHON:-python3}" -m venv "$venv" || fail "cannot create a virtualenv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}" || fail "cannot install artlint"
  ARTLINT="$venv/bin/artlint"
fi

worst=0
if [ "$fix" = true ]; then
  echo "::group::artlint fix"
  GITHUB_STEP_SUMMARY="" "$ARTLINT" fix --output-format text --exit-zero "${args[@]}" \
    "${paths[@]}"
  code=$?
  echo "::endgroup::"
  [ "$code" -le 1 ] || worst=2
fi

if [ -n "$sarif_file" ]; then
  mkdir -p "$(dirname "$sarif_file")"
  GITHUB_STEP_SUMMARY="" "$ARTLINT" check "${args[@]}" --output-format sarif --exit-zero \
    "${paths[@]}" > "$sarif_file"
  code=$?
  [ "$code" -le 1 ] || worst=2
fi

zero=()
[ "$exit_zero" = false ] || zero=(--exit-zero)
"$ARTLINT" check --output-format github "${args[@]}" "${zero[@]}" "${paths[@]}"
code=$?
[ "$worst" -eq 0 ] || code=$worst

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "sarif-file=$sarif_file"
  } >> "$GITHUB_OUTPUT"
fi
exit "$code"

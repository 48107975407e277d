#!/usr/bin/env bash
# The cache key of the action's virtualenv (action.yml; tests/test_action.py runs it):
# artlint's version and a hash of every file the install is built from (pyproject.toml,
# the code and the rule pack), so a new release, or a moved tag such as v1, installs
# afresh, and the same checkout reuses its virtualenv. Written to $GITHUB_OUTPUT as key=.
set -euo pipefail

root="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/pyproject.toml")"
digest="$(cd "$root" && find pyproject.toml linter rules -type f \
  \( -name '*.py' -o -name '*.yaml' -o -name '*.yml' -o -name '*.toml' \) -print0 \
  | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
echo "key=${version:?no version in $root/pyproject.toml}-$digest" >> "${GITHUB_OUTPUT:-/dev/stdout}"

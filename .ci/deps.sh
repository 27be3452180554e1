#!/usr/bin/env bash
# Installs what Spor's run and tests need when it is missing, from Debian's packages
# (as root) or says in one line what to install. Usage: deps.sh postgres|all
set -euo pipefail
what=${1:-all}

have_postgres() {
  command -v pg_ctl >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null
}

missing=()
have_postgres || missing+=(postgresql)
browser=()
if [ "$what" = all ]; then
  if [ -f web/package.json ]; then
    command -v chromium >/dev/null 2>&1 || browser+=(chromium)
    command -v java >/dev/null 2>&1 || browser+=(default-jre-headless)
    command -v npm >/dev/null 2>&1 || browser+=(npm)
  fi
fi

if [ "$(id -u)" = 0 ]; then
  missing+=("${browser[@]}")
elif [ ${#browser[@]} -gt 0 ]; then
  # Not fatal here: the browser checks skip with this same advice, or fail when CI=true.
  echo "browser checks need: ${browser[*]}; install them with: sudo apt-get install ${browser[*]}" >&2
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing missing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if [ "$what" = all ] && [ -f web/package.json ] && command -v npm >/dev/null 2>&1; then
  # --ignore-scripts (also in web/.npmrc): vnu-jar's postinstall would fetch a Java
  # runtime from outside the package registry; Debian's Java is used instead.
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
fi

#!/bin/sh
# Install the Debian packages listed in deps.txt that are missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
# A package counts as present when it is installed, or when an installed package
# provides it: NodeSource's nodejs provides (and conflicts with) Debian's npm, so a
# machine with that nodejs keeps it and its own npm instead of having apt-get swap
# its Node.js for Debian's.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pkgs=$(grep -v '^[[:space:]]*#' "$here/deps.txt" | grep -v '^[[:space:]]*$' | tr '\n' ' ')
# names the installed packages provide, one a line, without versions
provided=$(dpkg-query -W -f='${db:Status-Abbrev}|${Provides}\n' 2>/dev/null |
    awk -F'|' '$1 ~ /^ii/ && $2 != "" { n = split($2, p, ","); for (i = 1; i <= n; i++) { sub(/^ +/, "", p[i]); sub(/ .*/, "", p[i]); print p[i] } }')
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
    printf '%s\n' "$provided" | grep -qx "$p" && continue
    missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "deps: all Debian packages present"
    exit 0
fi
echo "deps: missing:$missing"
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $missing
else
    echo "deps: run as root:  sudo apt-get install -y$missing"
    exit 1
fi

#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10 only) or explains
# what to install. Looks on PATH first, then in pyenv's versions.
set -euo pipefail

is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }

for candidate in "${PYTHON:-}" python3.10; do
  if [ -n "$candidate" ] && command -v "$candidate" >/dev/null && is_310 "$(command -v "$candidate")"; then
    command -v "$candidate"; exit 0
  fi
done
if command -v pyenv >/dev/null; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -rV); do
    candidate="$(pyenv root)/versions/$version/bin/python"
    if is_310 "$candidate"; then echo "$candidate"; exit 0; fi
  done
fi
for candidate in /usr/bin/python3.10 /usr/local/bin/python3.10; do
  if [ -x "$candidate" ] && is_310 "$candidate"; then echo "$candidate"; exit 0; fi
done
cat >&2 <<'MSG'
No Python 3.10 interpreter found (Rasa 3.6 runs on Python 3.8-3.10 only).
Install one, for example:
  pyenv install 3.10.13          (with pyenv)
  apt-get install python3.10 python3.10-venv   (Debian/Ubuntu with 3.10 packages)
or point PYTHON at it: make setup PYTHON=/path/to/python3.10
MSG
exit 1

#!/usr/bin/env bash
# Set up the Python peers of `albert-jit bench --compare ...`:
# PyTorch eager (Hugging Face transformers), ONNX Runtime (+ its transformer
# optimizer) and OpenVINO, in a virtual environment of their own.
#
#   bash crates/albert-bench/peers/setup.sh [--venv DIR] [--python PY]
#
# Default venv: <repo root>/.venv-peers (what `albert-jit bench` looks for; it also
# honours ALBERT_PEERS_PYTHON=/path/to/python). Re-running is cheap: pip skips what
# is installed. torch from PyPI is the CUDA build and pulls ~3 GB of nvidia-* wheels
# (it runs on the CPU all the same); pip shows a progress bar per download.
# ALBERT_PEERS_TORCH_INDEX=URL installs torch from that index first (e.g. a CPU-only
# wheel index), when one is reachable.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/.venv-peers"
python="${PYTHON:-python3}"

while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$2"; shift 2 ;;
        --python) python="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done

if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
    echo "setup.sh: need Python >= 3.9 (tried '$python'; set --python)" >&2
    exit 1
fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -x "$venv/bin/python" ]; then
    step "creating virtual environment $venv"
    "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check)

step "upgrading pip"
"${pip[@]}" install --progress-bar on --upgrade pip

if [ -n "${ALBERT_PEERS_TORCH_INDEX:-}" ]; then
    step "installing torch from $ALBERT_PEERS_TORCH_INDEX"
    "${pip[@]}" install --progress-bar on --index-url "$ALBERT_PEERS_TORCH_INDEX" torch
fi

step "installing peers (torch is ~3 GB from PyPI; this is the long step)"
"${pip[@]}" install --progress-bar on -r "$here/requirements.txt"

step "checking the peers"
"$venv/bin/python" "$here/albert_peers.py" --check
echo
echo "peers ready: $venv"
echo "run: albert-jit bench --compare onnxruntime,openvino,pytorch"

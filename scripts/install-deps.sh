#!/usr/bin/env bash
# Installs every Debian 12 package liqmap needs, for all layers (core, exchange, GUI, tests,
# benchmarks, fuzzing). Idempotent: when everything is present it changes nothing and needs no
# network. Run it as root or as a user with sudo.
set -euo pipefail

packages=(
    cmake g++ ninja-build pkg-config ccache
    qt6-base-dev qt6-svg-dev libxkbcommon-dev
    libboost1.81-dev nlohmann-json3-dev libssl-dev ca-certificates
    libgtest-dev libgmock-dev libbenchmark-dev
    xvfb xauth clang clang-tidy clang-format libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages are installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps: run as root (or install sudo) to install: ${missing[*]}" >&2
        exit 1
    fi
    exec sudo -- bash "$0" "$@"
fi

# Boost 1.74 (Debian's default libboost-dev) and 1.81 share /usr/include/boost; liqmap needs 1.81.
if dpkg-query -W -f='${Status}' libboost1.74-dev 2>/dev/null | grep -q 'install ok installed'; then
    echo "install-deps: note: libboost1.74-dev is installed; apt will replace it with 1.81" >&2
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

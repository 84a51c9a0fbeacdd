# SPDX-License-Identifier: GPL-2.0
# Shared paths and helpers for the scripts in this directory.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$TOP/scripts/base.conf"

# Downloads are kept per user, outside any clone, so that every clone reuses them.
CACHE=${TP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/text-poke}
# Everything built from the base lives under build/, which git ignores.
BUILD=${TP_BUILD:-$TOP/build}
TREE=${TP_TREE:-$BUILD/linux}
BASE_TAG=base

die() {
	echo "$(basename "$0"): $*" >&2
	exit 1
}

log() {
	echo "[$(basename "$0")] $*" >&2
}

# An unmodified checkout of the base, next to build/linux: a git worktree
# at the "base" tag (for the benchmark and the upstream suites).
VANILLA=$BUILD/vanilla
vanilla_tree() {
	[ -d "$VANILLA" ] || git -C "$TREE" worktree add -q --detach "$VANILLA" "$BASE_TAG"
}

# SPDX-License-Identifier: GPL-2.0
#
# One command each: see README.md.
#
#   make run      build the patched kernel, boot it, run the demo
#   make test     host checks, harness tests, guest selftests + KUnit
#   make tree     build/linux: the pinned base with the series applied
#   make export   build/linux's commits back to patches/
#   make check-builds   every patch builds; x86_64, i386, SMP=n, ...
#   make bench    vanilla 6.12 and the series side by side: table, JSON, plot
#   make soak DURATION=600 [DEBUG=1]   the stress selftest for that long
#   make upstream the kernel's own tests of the area, vanilla and patched
#   make model    the Promela model of the protocol, and its mutants (spin)
#   make model-long   the same at bigger bounds, bitstate search

OUT := build/out
KERNEL := $(OUT)/arch/x86/boot/bzImage
INITRD := $(OUT)/initramfs.cpio
TP := python3 harness/tp.py

.PHONY: all run test deps tree kernel selftests initramfs export check-builds bench soak upstream model model-long clean

all: run

deps:
	@scripts/install-deps

tree: deps
	@scripts/make-tree

kernel: tree
	@scripts/build-kernel $(OUT)

selftests: kernel
	@scripts/build-selftests $(OUT)

initramfs: selftests
	@scripts/make-initramfs $(OUT) $(OUT)/kselftest

run: initramfs
	@$(TP) boot --label demo --run demo --show-results --timeout 600 \
		--kernel $(KERNEL) --initrd $(INITRD) --console-log $(OUT)/console.log

test:
	@scripts/run-tests

export:
	@scripts/export-series

check-builds: tree
	@scripts/check-builds

bench:
	@scripts/bench $(TOGGLES)

soak:
	@DURATION=$(DURATION) DEBUG=$(DEBUG) scripts/soak

upstream:
	@scripts/upstream

model: deps
	@model/run-model

model-long: deps
	@model/run-model --long

clean:
	rm -rf $(OUT)

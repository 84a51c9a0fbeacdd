# SPDX-License-Identifier: GPL-2.0
"""How the guests are run: QEMU's arguments as data, not as code paths."""

QEMU = 'qemu-system-x86_64'

# Single-threaded TCG: QEMU 7.2's multi-threaded TCG runs stale translations
# of freshly patched kernel text (an unmodified 6.12 oopses on a stray int3
# within seconds of a static-key stress with thread=multi).
DEFAULT_ACCEL = 'tcg,thread=single'
DEFAULT_SMP = 4
DEFAULT_MEMORY_MB = 512

KERNEL_CMDLINE = [
	'console=ttyS0',
	# Fail fast: whatever goes wrong ends in a panic, and a panic in a
	# reboot that -no-reboot turns into QEMU's exit.
	'panic=-1',
	'oops=panic',
	'panic_on_warn=1',
	'softlockup_panic=1',
	'nokaslr',
]


def qemu_args(kernel, initrd, results, cmdline, smp=DEFAULT_SMP,
	      accel=DEFAULT_ACCEL, memory_mb=DEFAULT_MEMORY_MB):
	"""The command line of one guest. Its console is QEMU's stdout; the
	test results are written by the guest to its second serial port,
	which lands in the file @results."""
	return [
		QEMU,
		'-accel', accel,
		'-smp', str(smp),
		'-m', str(memory_mb),
		'-kernel', kernel,
		'-initrd', initrd,
		'-append', ' '.join(KERNEL_CMDLINE + list(cmdline)),
		'-nographic',
		'-no-reboot',
		'-serial', 'stdio',
		'-serial', 'file:' + results,
		'-monitor', 'none',
	]

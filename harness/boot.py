# SPDX-License-Identifier: GPL-2.0
"""Boot one guest, with a deadline, and collect its two serial ports."""

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass

from . import qemu_config


@dataclass
class GuestRun:
	console: str		# the guest's console (serial port 1)
	results: str		# what the guest wrote to serial port 2
	timed_out: bool
	seconds: float
	exit_code: int


def boot(kernel, initrd, cmdline, timeout, console_log=None, **qemu_opts):
	"""Run the guest until it powers off or @timeout seconds pass, then
	kill it: the harness never hangs on a hung guest."""
	with tempfile.TemporaryDirectory() as tmp:
		results = os.path.join(tmp, 'results.txt')
		args = qemu_config.qemu_args(kernel, initrd, results, cmdline,
					     **qemu_opts)
		log = open(console_log or os.devnull, 'w')
		start = time.monotonic()
		proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
					stdout=subprocess.PIPE,
					stderr=subprocess.STDOUT)
		try:
			out, _ = proc.communicate(timeout=timeout)
			timed_out = False
		except subprocess.TimeoutExpired:
			proc.kill()
			out, _ = proc.communicate()
			timed_out = True
		seconds = time.monotonic() - start
		console = out.decode('utf-8', 'replace').replace('\r', '')
		log.write(console)
		log.close()
		try:
			with open(results, encoding='utf-8', errors='replace') as f:
				text = f.read().replace('\r', '')
		except FileNotFoundError:
			text = ''
	return GuestRun(console, text, timed_out, seconds, proc.returncode)

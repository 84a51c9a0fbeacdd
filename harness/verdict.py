# SPDX-License-Identifier: GPL-2.0
"""Turn a parsed guest run into lines for a person and an exit code.

A run passes only when the guest reached its end, the console shows no
crash, and it reported at least one result, none of them failed; a run of
the kselftests, at least one kselftest result (the built-in KUnit suites
report in every boot)."""

TAIL_LINES = 40


def problems(report, run, want_kselftests=False):
	found = []
	if run.timed_out:
		found.append(f'guest did not finish within {run.seconds:.0f} s (hung?)')
	elif not report.finished:
		found.append('guest stopped before its end (crash or panic)')
	if report.crashes:
		found.append('kernel log shows a crash:')
		found.extend('    ' + line for line in report.crashes[:10])
	if not report.results:
		found.append('no test result came back')
	elif want_kselftests and not report.kselftests:
		found.append('no kselftest result came back (are the kselftests in the initramfs?)')
	return found


def render(report, run, label, want_kselftests=False):
	"""Lines to print, and the counts (passed, failed, skipped)."""
	lines = []
	for r in report.results:
		tag = {'pass': 'PASS', 'fail': 'FAIL', 'skip': 'SKIP'}[r.status]
		detail = f' # {r.detail}' if r.detail else ''
		lines.append(f'{tag}: {label}: {r.name}{detail}')
	passed, failed = report.count('pass'), report.count('fail')
	skipped = report.count('skip')
	found = problems(report, run, want_kselftests)
	if found:
		failed += 1
		lines.append(f'FAIL: {label}: guest run')
		lines.extend('  ' + line for line in found)
		lines.append(f'  last {TAIL_LINES} lines of the console:')
		lines.extend('  | ' + line for line in run.console.splitlines()[-TAIL_LINES:])
	return lines, (passed, failed, skipped)

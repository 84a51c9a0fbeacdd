#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot a kernel in QEMU, run what the guest is told to, and say whether
it passed.

  tp.py boot --kernel BZIMAGE --initrd CPIO --run test [--timeout S] ...
  tp.py selftest     the harness's own tests, on recorded logs
  tp.py compare --a LABEL CONSOLE TAP --b LABEL CONSOLE TAP
                     two kernels' results side by side, and regressions

Prints one PASS/FAIL/SKIP line per result, then 'N passed, N failed'
(and ', N skipped'). Exits 0 only when nothing failed."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import boot, parser, qemu_config, verdict  # noqa: E402


def summary(passed, failed, skipped):
	line = f'{passed} passed, {failed} failed'
	return line + (f', {skipped} skipped' if skipped else '')


def cmd_boot(args):
	cmdline = [f'tp.run={args.run}']
	if args.args:
		cmdline.append('tp.args=' + ','.join(args.args.split()))
	if args.stress:
		cmdline.append(f'tp.stress={args.stress}')
	run = boot.boot(args.kernel, args.initrd, cmdline, args.timeout,
			console_log=args.console_log, smp=args.smp,
			accel=args.accel)
	if args.results_out:
		with open(args.results_out, 'w') as f:
			f.write(run.results)
	if args.show_results:
		sys.stdout.write(run.results)
	report = parser.parse(run.console, run.results)
	lines, counts = verdict.render(report, run, args.label or args.run,
				      want_kselftests=args.run == 'test')
	print('\n'.join(lines))
	print(f'guest time: {run.seconds:.0f} s')
	print(f'{args.label or args.run}: {summary(*counts)}')
	return 1 if counts[1] else 0


def cmd_selftest(args):
	"""The harness's tests on recorded logs, one PASS/FAIL line each."""
	import unittest
	from harness import test_tp

	suite = unittest.defaultTestLoader.loadTestsFromModule(test_tp)
	names = [test.id() for test in _flatten(suite)]
	result = unittest.TestResult()
	suite.run(result)
	bad = {t.id() for t, _ in result.failures + result.errors}
	for name in names:
		tag = 'FAIL' if name in bad else 'PASS'
		print(f'{tag}: harness: {name.split(".", 2)[-1]}')
	for test, trace in result.failures + result.errors:
		print(f'  {test.id()}:\n' + '\n'.join('    ' + l for l in trace.splitlines()))
	return 0 if result.wasSuccessful() else 1


def _flatten(suite):
	for item in suite:
		if hasattr(item, '__iter__'):
			yield from _flatten(item)
		else:
			yield item


def read(path):
	with open(path, encoding='utf-8', errors='replace') as f:
		return f.read()


def suite_of(name):
	"""static_keys: test_static_keys.sh -> static_keys; kprobes_test.x ->
	kprobes_test; an ftracetest case -> ftracetest."""
	if ': ' in name:
		return name.split(': ')[0]
	if '.' in name and ' ' not in name:
		return name.split('.')[0]
	return 'ftracetest'


def cmd_compare(args):
	"""Both kernels' counts per suite; fails when a test that passes on
	the first kernel does not pass on the second, or a run crashed."""
	runs = {}
	for label, console, tap in (args.a, args.b):
		report = parser.parse(read(console), read(tap))
		runs[label] = report
	(la, ra), (lb, rb) = runs.items()
	suites = sorted({suite_of(r.name) for r in ra.results + rb.results})
	print(f'| suite | {la} pass/fail/skip | {lb} pass/fail/skip |')
	print('|---|---|---|')
	for suite in suites:
		cells = []
		for report in (ra, rb):
			rs = [r for r in report.results if suite_of(r.name) == suite]
			cells.append('/'.join(str(sum(r.status == s for r in rs))
					      for s in ('pass', 'fail', 'skip')))
		print(f'| {suite} | {cells[0]} | {cells[1]} |')
	status_b = {r.name: r.status for r in rb.results}
	regressions = [r.name for r in ra.results
		       if r.status == 'pass' and status_b.get(r.name) != 'pass']
	problems = []
	for label, report in runs.items():
		if report.crashes or not report.finished:
			problems.append(f'{label}: guest crashed or did not finish')
	for name in regressions:
		print(f'FAIL: {lb}: {name} passes on {la}, not on {lb}')
	for p in problems:
		print(f'FAIL: {p}')
	print(f'regressions: {len(regressions)}')
	return 1 if regressions or problems else 0


def main(argv):
	ap = argparse.ArgumentParser(description=__doc__,
				     formatter_class=argparse.RawDescriptionHelpFormatter)
	sub = ap.add_subparsers(dest='cmd', required=True)
	b = sub.add_parser('boot', help='boot a guest and judge its run')
	b.add_argument('--kernel', required=True)
	b.add_argument('--initrd', required=True)
	b.add_argument('--run', default='test', help='what the guest runs (tp.run=)')
	b.add_argument('--args', default='', help='arguments for the guest run')
	b.add_argument('--stress', type=int, default=0,
		       help='seconds of the stress selftest (tp.stress=)')
	b.add_argument('--label', default='')
	b.add_argument('--timeout', type=int, default=900)
	b.add_argument('--smp', type=int, default=qemu_config.DEFAULT_SMP)
	b.add_argument('--accel', default=qemu_config.DEFAULT_ACCEL)
	b.add_argument('--console-log')
	b.add_argument('--results-out')
	b.add_argument('--show-results', action='store_true')
	sub.add_parser('selftest', help="run the harness's tests on recorded logs")
	c = sub.add_parser('compare', help='compare two kernels\' recorded runs')
	c.add_argument('--a', nargs=3, metavar=('LABEL', 'CONSOLE', 'TAP'), required=True)
	c.add_argument('--b', nargs=3, metavar=('LABEL', 'CONSOLE', 'TAP'), required=True)
	args = ap.parse_args(argv)
	if args.cmd == 'selftest':
		return cmd_selftest(args)
	if args.cmd == 'compare':
		return cmd_compare(args)
	return cmd_boot(args)


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))

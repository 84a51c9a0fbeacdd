#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The harness's own tests, on recorded guest logs: no boot needed.

Each recorded run comes with the verdict it must give: a passing run, a
panic, a hang, a run with no TAP, failing kselftests and KUnit cases, a
WARN in the kernel log."""

import os
import unittest

from harness import boot, parser, verdict

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test_data')


def read(name):
	with open(os.path.join(DATA, name), encoding='utf-8') as f:
		return f.read()


def judge(console, results='', timed_out=False, want_kselftests=False):
	run = boot.GuestRun(console=console, results=results,
			    timed_out=timed_out, seconds=1.0, exit_code=0)
	report = parser.parse(console, results)
	lines, counts = verdict.render(report, run, 'test', want_kselftests)
	return report, lines, counts


class PassingRun(unittest.TestCase):
	def test_counts_every_kselftest_and_kunit_case(self):
		report, _, (passed, failed, skipped) = judge(
			read('pass_console.log'), read('pass_results.tap'))
		self.assertEqual((passed, failed, skipped), (14, 0, 0))
		self.assertTrue(report.finished)
		self.assertEqual(report.crashes, [])

	def test_names_results(self):
		report, _, _ = judge(read('pass_console.log'), read('pass_results.tap'))
		names = [r.name for r in report.results]
		self.assertIn('text_poke: test-toggle.sh', names)
		self.assertIn('static_keys: test_static_keys.sh', names)
		self.assertIn('text_poke_fixup.tpf_test_refuses_busy_site', names)


class BrokenRuns(unittest.TestCase):
	def test_panic_fails_and_shows_it(self):
		report, lines, (_, failed, _) = judge(read('panic_console.log'))
		self.assertGreater(failed, 0)
		self.assertFalse(report.finished)
		text = '\n'.join(lines)
		self.assertIn('Kernel panic - not syncing', text)
		self.assertIn('stopped before its end', text)

	def test_hang_fails_with_the_console_tail(self):
		console = read('hung_console.log')
		_, lines, (_, failed, _) = judge(console, '', timed_out=True)
		self.assertGreater(failed, 0)
		text = '\n'.join(lines)
		self.assertIn('did not finish', text)
		self.assertIn(console.splitlines()[-1], text)

	def test_no_tap_is_a_failure(self):
		_, lines, (_, failed, _) = judge(read('warn_console.log').replace(
			'WARNING', 'note').replace('cut here', 'here'), '')
		self.assertEqual(failed, 1)
		self.assertIn('no test result came back', '\n'.join(lines))

	def test_kselftest_run_with_only_kunit_results_fails(self):
		_, lines, (passed, failed, _) = judge(read('pass_console.log'), '',
						      want_kselftests=True)
		self.assertGreater(passed, 0)
		self.assertEqual(failed, 1)
		self.assertIn('no kselftest result came back', '\n'.join(lines))

	def test_warn_is_a_failure(self):
		report, _, (_, failed, _) = judge(read('warn_console.log'),
						  read('pass_results.tap'))
		self.assertGreater(failed, 0)
		self.assertTrue(any('WARNING' in c for c in report.crashes))

	def expected_warn(self, console):
		return judge(console, read('pass_results.tap'))

	def test_one_expected_warn_passes(self):
		report, _, (_, failed, _) = self.expected_warn(read('expected_warn_console.log'))
		self.assertEqual(report.crashes, [])
		self.assertEqual(failed, 0)

	def test_second_warn_in_expect_bracket_fails(self):
		console = read('expected_warn_console.log')
		warn = next(line for line in console.splitlines() if 'WARNING:' in line)
		report, _, (_, failed, _) = self.expected_warn(
			console.replace(warn, warn + '\n' + warn))
		self.assertGreater(failed, 0)
		self.assertEqual(sum('WARNING:' in c for c in report.crashes), 2)

	def test_open_expect_bracket_fails(self):
		console = '\n'.join(line for line in read('expected_warn_console.log').splitlines()
				     if 'expect-warn end' not in line)
		report, _, (_, failed, _) = self.expected_warn(console)
		self.assertGreater(failed, 0)
		self.assertTrue(any('WARNING' in c for c in report.crashes))

	def test_oops_in_expect_bracket_fails(self):
		console = read('expected_warn_console.log').replace(
			'tp-harness: expect-warn end',
			'Oops: int3: 0000 [#1] PREEMPT SMP\ntp-harness: expect-warn end')
		report, _, (_, failed, _) = self.expected_warn(console)
		self.assertGreater(failed, 0)
		self.assertTrue(any('Oops' in c for c in report.crashes))


class FailingTests(unittest.TestCase):
	def setUp(self):
		self.report, self.lines, self.counts = judge(
			read('pass_console.log'), read('fail_results.tap'))

	def by_name(self, name):
		return next(r for r in self.report.results if r.name == name)

	def test_not_ok_fails(self):
		self.assertEqual(self.by_name('text_poke: test-toggle.sh').status, 'fail')

	def test_skip_is_not_a_pass(self):
		self.assertEqual(self.by_name('text_poke: test-redirect.sh').status, 'skip')
		self.assertEqual(self.counts[2], 1)

	def test_printed_fail_overrides_exit_code(self):
		# test_static_keys.sh prints [FAIL] and exits 0.
		self.assertEqual(self.by_name('static_keys: test_static_keys.sh').status,
				 'fail')

	def test_counts(self):
		self.assertEqual(self.counts, (11, 2, 1))

	def test_kunit_failure(self):
		report, _, (passed, failed, _) = judge(read('kunit_fail_console.log'),
						       read('pass_results.tap'))
		self.assertEqual((passed, failed), (13, 1))
		case = next(r for r in report.results
			    if r.name == 'text_poke_fixup.tpf_test_refuses_overlap')
		self.assertEqual(case.status, 'fail')


if __name__ == '__main__':
	unittest.main()

# SPDX-License-Identifier: GPL-2.0
"""Read a guest run: the kselftest TAP of its results port, the KUnit KTAP
and the crashes of its console. Decides nothing about the exit code."""

import re
from dataclasses import dataclass, field

# A line of the kernel log that means the kernel went wrong.
CRASH_PATTERNS = [
	r'Kernel panic - not syncing',
	r'\bOops\b',
	r'\bBUG:',
	r'^WARNING:',
	r'------------\[ cut here \]------------',
	r'possible (?:recursive|circular) locking',
	r'inconsistent lock state',
	r'INFO: task .* blocked for more than',
	r'rcu: INFO: .* detected stalls',
	r'watchdog: BUG: soft lockup',
	r'general protection fault',
	r'Unable to handle kernel',
	r'unexpected op at',
]
CRASH_RE = re.compile('|'.join(CRASH_PATTERNS))
TIMESTAMP_RE = re.compile(r'^\[\s*\d+\.\d+\]\s?')
TAP_RESULT_RE = re.compile(r'^(not ok|ok) (\d+) (?:- )?([^#]*?)\s*(?:#\s*(.*))?$')
DONE_MARKER = 'tp-guest: done'


@dataclass
class Result:
	name: str
	status: str		# 'pass', 'fail' or 'skip'
	detail: str = ''


@dataclass
class Report:
	results: list = field(default_factory=list)
	crashes: list = field(default_factory=list)	# console lines
	finished: bool = False		# the guest reached its end
	kselftests: int = 0		# results from the kselftest TAP

	def count(self, status):
		return sum(1 for r in self.results if r.status == status)


def strip_timestamp(line):
	return TIMESTAMP_RE.sub('', line)


# A test that makes the kernel WARN on purpose (a KUnit case checking
# that a failure is reported) brackets it with these, and the harness lets
# exactly one WARN splat between them pass. Anything else in the bracket,
# a second WARN, or a bracket left open still counts as a crash.
EXPECT_WARN_BEGIN = 'tp-harness: expect-warn begin'
EXPECT_WARN_END = 'tp-harness: expect-warn end'
WARN_RE = re.compile(r'^WARNING:|------------\[ cut here \]------------')


def crash_lines(console):
	crashes, expected = [], None
	for line in map(strip_timestamp, console.splitlines()):
		if EXPECT_WARN_BEGIN in line:
			expected = []
		elif EXPECT_WARN_END in line and expected is not None:
			warns = sum(1 for c in expected if c.startswith('WARNING:'))
			if warns != 1:
				crashes.extend(expected)
			expected = None
		elif CRASH_RE.search(line):
			if expected is not None and WARN_RE.search(line):
				expected.append(line)
			else:
				crashes.append(line)
	return crashes + (expected or [])


def tap_status(ok, directive):
	if directive and directive.upper().startswith('SKIP'):
		return 'skip'
	return 'pass' if ok == 'ok' else 'fail'


def kselftest_results(tap):
	"""The top-level results of run_kselftest.sh. A test whose output
	says [FAIL] fails even if its exit code said ok (test_static_keys.sh
	exits 0 on failure)."""
	results, said_fail = [], set()
	current = None
	for line in tap.splitlines():
		m = re.match(r'^# selftests: (\S+: \S+)', line)
		if m:
			current = m.group(1)
			continue
		if current and line.startswith('#') and '[FAIL]' in line:
			said_fail.add(current)
			continue
		m = TAP_RESULT_RE.match(line)
		if not m:
			continue
		ok, _, name, directive = m.groups()
		name = name.removeprefix('selftests: ')
		status = tap_status(ok, directive)
		if status == 'pass' and name in said_fail:
			status, directive = 'fail', 'printed [FAIL]'
		results.append(Result(name, status, directive or ''))
	return results


def kunit_results(console):
	"""The test cases of the KUnit suites in the console (KTAP), named
	suite.case."""
	results, suite = [], None
	for raw in console.splitlines():
		line = strip_timestamp(raw)
		m = re.match(r'^\s*# Subtest: (\S+)', line)
		if m and line.startswith('    '):
			suite = m.group(1)
			continue
		m = re.match(r'^    (not ok|ok) \d+ (\S+)\s*(?:#\s*(.*))?$', line)
		if m and suite:
			ok, case, directive = m.groups()
			results.append(Result(f'{suite}.{case}', tap_status(ok, directive),
					      directive or ''))
	return results


def parse(console, tap):
	kselftests = kselftest_results(tap)
	return Report(results=kselftests + kunit_results(console),
		      crashes=crash_lines(console),
		      finished=DONE_MARKER in console,
		      kselftests=len(kselftests))

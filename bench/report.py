#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the BENCH lines of the two guests into the benchmark's outputs:
a markdown table with the ratio patched/vanilla (stdout), one JSON record
per kernel x workload x N, and a PNG plot of rounds and time against N
(with gnuplot). The last line printed names the JSON file."""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import tempfile

KERNELS = ('vanilla', 'patched')
# Workloads whose N is the module's own count of sites, the same on both
# kernels: their rows are per N, and come first, in this order.
PER_N = ('toggle', 'static_call')


def read_bench(path, kernel):
	records = []
	with open(path) as f:
		for line in f:
			if not line.startswith('BENCH '):
				continue
			fields = dict(kv.split('=', 1) for kv in line.split()[1:])
			records.append({
				'kernel': kernel,
				'workload': fields['workload'],
				'n': int(fields['n']),
				'ops': int(fields['ops']),
				'ipi_rounds': float(fields['ipi_rounds']),
				'ipi_broadcasts': float(fields.get('ipi_broadcasts', -1)),
				'seconds': float(fields['seconds']),
				'max_gap_us': float(fields['max_gap_us']),
				'tpf_rounds': float(fields['tpf_rounds']),
			})
	return records


def sc_updates(records):
	"""The update counts of the static_call rows, per N (e.g. "20 (N=1, 256), 2 (N=4096)")."""
	by_ops = {}
	for r in records:
		if r['workload'] == 'static_call' and r['kernel'] == 'patched':
			by_ops.setdefault(r['ops'], []).append(r['n'])
	if not by_ops:
		return 'no'
	return ', '.join(f'{ops} (N={", ".join(str(n) for n in sorted(ns))})'
			 for ops, ns in sorted(by_ops.items(), reverse=True))


def ratio(a, b):
	return f'{b / a:.2f}' if a else '-'


def fmt_time(seconds):
	if seconds >= 1:
		return f'{seconds:.2f} s'
	return f'{seconds * 1e3:.2f} ms'


def fmt_count(count):
	return f'{count:.1f}' if count >= 0 else '-'


def row_key(r):
	"""Toggles and static call updates are compared per N; the other
	workloads' N (events, functions) differs a little between the
	kernels."""
	return (r['workload'], r['n'] if r['workload'] in PER_N else 0)


def row_order(key):
	workload, n = key
	first = PER_N.index(workload) if workload in PER_N else len(PER_N)
	return (first, workload, n)


def table(records):
	by = {(r['kernel'],) + row_key(r): r for r in records}
	rows = sorted({row_key(r) for r in records}, key=row_order)
	out = ['| workload | N | IPI rounds/op vanilla | patched | ratio '
	       '| of which text_poke_fixup '
	       '| IPI broadcasts/op vanilla | patched '
	       '| time/op vanilla | patched | ratio | max gap vanilla | patched |',
	       '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
	for key in rows:
		v = by.get(('vanilla',) + key)
		p = by.get(('patched',) + key)
		if not v or not p:
			continue
		out.append(
			f"| {key[0]} | {p['n']} | {v['ipi_rounds']:.1f} | {p['ipi_rounds']:.1f} "
			f"| {ratio(v['ipi_rounds'], p['ipi_rounds'])} | {p['tpf_rounds']:.1f} "
			f"| {fmt_count(v['ipi_broadcasts'])} | {fmt_count(p['ipi_broadcasts'])} "
			f"| {fmt_time(v['seconds'])} | {fmt_time(p['seconds'])} "
			f"| {ratio(v['seconds'], p['seconds'])} "
			f"| {v['max_gap_us']:.0f} us | {p['max_gap_us']:.0f} us |")
	return '\n'.join(out)


def plot(records, path):
	"""Rounds and time per toggle against N, both kernels, log scales."""
	if not shutil.which('gnuplot'):
		return False
	with tempfile.TemporaryDirectory() as tmp:
		for k in KERNELS:
			with open(os.path.join(tmp, k), 'w') as f:
				for r in sorted(records, key=lambda r: r['n']):
					if r['kernel'] == k and r['workload'] == 'toggle':
						f.write(f"{r['n']} {r['ipi_rounds']} {r['seconds'] * 1e3}\n")
		script = f'''
set terminal png size 1100,450 noenhanced
set output "{path}"
set multiplot layout 1,2 title "static key toggle, QEMU TCG -smp 4 (times: emulation, compare as ratios)"
set logscale x 2
set xlabel "sites (N)"
set key top left
set ylabel "IPI rounds per toggle"
plot "{tmp}/vanilla" using 1:2 with linespoints title "vanilla 6.12", \\
     "{tmp}/patched" using 1:2 with linespoints title "text_poke_fixup"
set logscale y 10
set ylabel "ms per toggle"
plot "{tmp}/vanilla" using 1:3 with linespoints title "vanilla 6.12", \\
     "{tmp}/patched" using 1:3 with linespoints title "text_poke_fixup"
unset multiplot
'''
		subprocess.run(['gnuplot'], input=script, text=True, check=True)
	return True


def main():
	ap = argparse.ArgumentParser(description=__doc__)
	ap.add_argument('--vanilla', required=True)
	ap.add_argument('--patched', required=True)
	ap.add_argument('--json', required=True)
	ap.add_argument('--plot', required=True)
	ap.add_argument('--toggles', type=int, default=20)
	args = ap.parse_args()

	records = read_bench(args.vanilla, 'vanilla') + read_bench(args.patched, 'patched')
	if not records:
		raise SystemExit('no BENCH lines in the guests\' results')
	with open(args.json, 'w') as f:
		json.dump({'date': datetime.date.today().isoformat(),
			   'qemu': 'tcg,thread=single -smp 4',
			   'records': records}, f, indent=1)
	print(f'Benchmark of {datetime.date.today().isoformat()}: QEMU TCG '
	      f'(thread=single), -smp 4; {args.toggles} toggles per key and '
	      f'{sc_updates(records)} updates per static call. IPI rounds: '
	      'function-call interrupts (/proc/interrupts CAL) / 3 receiving CPUs, '
	      'so remote wakeups count too; "of which text_poke_fixup" is its own '
	      'exact count; IPI broadcasts: function calls that kicked two or more '
	      'CPUs at once (ipi:ipi_send_cpumask events: syncs, TLB shootdowns, '
	      'ftrace\'s own; a trace instance counts them, whose event keeps one '
	      'tracepoint key on, on both kernels). The guest does not fork while '
	      'it measures. Times are emulation figures: compare them only as '
	      'same-run ratios. Max gap: longest stall of a thread spinning on CPU 3; under '
	      'single-threaded TCG it is dominated by round-robin vCPU scheduling '
	      '(~4 ms floor, stop_machine included).\n')
	print(table(records))
	if plot(records, args.plot):
		print(f'\nplot: {args.plot}')
	print(f'json: {args.json}')


if __name__ == '__main__':
	main()

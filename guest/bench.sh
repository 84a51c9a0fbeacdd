#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The in-guest half of `make bench`: the same workload on any 6.12 kernel.
# One line per measurement:
#   BENCH workload=W n=N ops=K ipi_rounds=R ipi_broadcasts=B seconds=S max_gap_us=G tpf_rounds=T
# All figures are per operation. ipi_rounds counts function-call
# interrupts (/proc/interrupts CAL) over the CPUs that receive them, so
# remote wakeups count too; ipi_broadcasts counts the IPIs sent to more
# than one CPU at once (guest/counters.sh); on a kernel with
# text_poke_fixup(), tpf_rounds is its own count of rounds. Between the
# counters read before and after an operation, the shell does not fork:
# the writes to tracefs are the shell's own echo.

. /etc/counters.sh
B=/sys/kernel/debug/tp_bench
T=/sys/kernel/tracing
TOGGLES=${1:-20}
# Cycles of the one-shot workloads (events, the function tracer again)
CYCLES=3
CPUS=$(nproc)

# sample(command...): run command; its costs in S_CAL, S_BCAST (-1 when
# not counted), S_NS, S_GAP (the longest stall, ns) and S_TPF. RCU goes
# idle first: the grace periods of what the previous command freed would
# otherwise wake their kthread during this one, and count as its IPIs.
sample() {
	run settle
	echo 0 > $B/max_gap_ns
	counters_read
	cal0=$CAL bcast0=$BCAST tpf0=$TPF_ipi_rounds
	read -r t0 < $B/now_ns
	"$@"
	read -r t1 < $B/now_ns
	counters_read
	read -r S_GAP < $B/max_gap_ns
	S_CAL=$((CAL - cal0)) S_NS=$((t1 - t0)) S_TPF=$((TPF_ipi_rounds - tpf0))
	[ "$BCAST" -ge 0 ] && S_BCAST=$((BCAST - bcast0)) || S_BCAST=-1
}

# report(workload, n, ops, cal, bcast, ns, gap, tpf): one BENCH line, the
# sums over ops operations divided by ops
report() {
	awk -v w="$1" -v n="$2" -v ops="$3" -v cal="$4" -v bcast="$5" \
	    -v ns="$6" -v gap="$7" -v tpf="$8" -v cpus="$CPUS" \
	    'BEGIN { printf "BENCH workload=%s n=%d ops=%d ipi_rounds=%.2f ipi_broadcasts=%.2f seconds=%.6f max_gap_us=%.1f tpf_rounds=%.2f\n",
		     w, n, ops, cal / (cpus - 1) / ops, bcast < 0 ? -1 : bcast / ops,
		     ns / 1e9 / ops, gap / 1000, tpf / ops }'
}

# measure(workload, n, ops, command...): run command, which does ops
# operations, print one BENCH line
measure() {
	workload=$1 n=$2 ops=$3
	shift 3
	sample "$@"
	report "$workload" "$n" "$ops" $S_CAL $S_BCAST $S_NS $S_GAP $S_TPF
}

# measure_both_ways(on, off, n, cycles, file, on_value, off_value): write
# on_value, then off_value, to file, cycles times, each write measured;
# one BENCH line for each way, per write. One write costs a few IPI rounds
# that remote wakeups can double: a mean over cycles says more than one.
measure_both_ways() {
	on=$1 off=$2 n=$3 cycles=$4 file=$5
	on_cal=0 on_bcast=0 on_ns=0 on_gap=0 on_tpf=0
	off_cal=0 off_bcast=0 off_ns=0 off_gap=0 off_tpf=0
	i=0
	while [ $i -lt "$cycles" ]; do
		sample write "$file" "$6"
		on_cal=$((on_cal + S_CAL)) on_ns=$((on_ns + S_NS)) on_tpf=$((on_tpf + S_TPF))
		[ "$S_GAP" -le "$on_gap" ] || on_gap=$S_GAP
		[ "$S_BCAST" -ge 0 ] && [ "$on_bcast" -ge 0 ] &&
			on_bcast=$((on_bcast + S_BCAST)) || on_bcast=-1
		sample write "$file" "$7"
		off_cal=$((off_cal + S_CAL)) off_ns=$((off_ns + S_NS)) off_tpf=$((off_tpf + S_TPF))
		[ "$S_GAP" -le "$off_gap" ] || off_gap=$S_GAP
		[ "$S_BCAST" -ge 0 ] && [ "$off_bcast" -ge 0 ] &&
			off_bcast=$((off_bcast + S_BCAST)) || off_bcast=-1
		i=$((i + 1))
	done
	report "$on" "$n" "$cycles" $on_cal $on_bcast $on_ns $on_gap $on_tpf
	report "$off" "$n" "$cycles" $off_cal $off_bcast $off_ns $off_gap $off_tpf
}

run() {
	echo "$1" > $B/run
}

# write(file, value): the shell's own echo, no fork
write() {
	echo "$2" > "$1"
}

echo "TAP version 13"
echo "1..1"
insmod /opt/tp_bench.ko || { echo "not ok 1 bench # cannot load tp_bench.ko"; exit 1; }
echo "# bench: $(uname -r), $CPUS CPUs"
counters_init || echo "# IPI broadcasts not counted: no ipi:ipi_send_cpumask in a trace instance"

for n in 1 16 256 4096; do
	measure toggle "$n" "$TOGGLES" run "toggle $n $TOGGLES"
done
# Figures are per update, and one update of 4096 sites costs vanilla 12 k
# IPI rounds, close to a minute under TCG: two of those.
for n in 1 256 4096; do
	updates=$TOGGLES
	[ "$n" -lt 4096 ] || updates=2
	measure static_call "$n" "$updates" run "static_call $n $updates"
done

events=$(ls -d $T/events/*/*/ | wc -l)
measure_both_ways events_enable events_disable "$events" $CYCLES \
	$T/events/enable 1 0

functions=$(wc -l < $T/available_filter_functions)
# The first time after boot, ftrace makes the tracer's trampoline (and
# changes page attributes for it: TLB shootdowns); it keeps it after.
measure_both_ways ftrace_on ftrace_off "$functions" 1 \
	$T/current_tracer function nop
measure_both_ways ftrace_on_again ftrace_off_again "$functions" $CYCLES \
	$T/current_tracer function nop

measure stop_machine 0 "$TOGGLES" run "stop_machine $TOGGLES"

counters_exit
rmmod tp_bench
echo "ok 1 bench"

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
CPUS=$(nproc)

# measure(workload, n, ops, command...): run command, print one BENCH line
measure() {
	workload=$1 n=$2 ops=$3
	shift 3
	echo 0 > $B/max_gap_ns
	counters_read
	cal0=$CAL bcast0=$BCAST tpf0=$TPF_ipi_rounds
	read -r t0 < $B/now_ns
	"$@"
	read -r t1 < $B/now_ns
	counters_read
	read -r gap < $B/max_gap_ns
	[ "$BCAST" -ge 0 ] && bcast=$((BCAST - bcast0)) || bcast=-1
	awk -v w="$workload" -v n="$n" -v ops="$ops" -v cal=$((CAL - cal0)) \
	    -v bcast=$bcast -v cpus="$CPUS" -v ns=$((t1 - t0)) -v gap="$gap" \
	    -v tpf=$((TPF_ipi_rounds - tpf0)) \
	    'BEGIN { printf "BENCH workload=%s n=%d ops=%d ipi_rounds=%.2f ipi_broadcasts=%.2f seconds=%.6f max_gap_us=%.1f tpf_rounds=%.2f\n",
		     w, n, ops, cal / (cpus - 1) / ops, bcast < 0 ? -1 : bcast / ops,
		     ns / 1e9 / ops, gap / 1000, tpf / ops }'
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
measure events_enable "$events" 1 write $T/events/enable 1
measure events_disable "$events" 1 write $T/events/enable 0

functions=$(wc -l < $T/available_filter_functions)
measure ftrace_on "$functions" 1 write $T/current_tracer function
measure ftrace_off "$functions" 1 write $T/current_tracer nop
# The first time after boot, ftrace makes the tracer's trampoline (and
# changes page attributes for it: TLB shootdowns); it keeps it after.
measure ftrace_on_again "$functions" 1 write $T/current_tracer function
measure ftrace_off_again "$functions" 1 write $T/current_tracer nop

measure stop_machine 0 "$TOGGLES" run "stop_machine $TOGGLES"

counters_exit
rmmod tp_bench
echo "ok 1 bench"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The in-guest half of `make bench`: the same workload on any 6.12 kernel.
# One line per measurement:
#   BENCH workload=W n=N ops=K ipi_rounds=R seconds=S max_gap_us=G tpf_rounds=T
# ipi_rounds and seconds are per operation. ipi_rounds counts function-call
# interrupts (/proc/interrupts CAL) over the CPUs that receive them; on a
# kernel with text_poke_fixup(), tpf_rounds is its own count of rounds.

B=/sys/kernel/debug/tp_bench
STATS=/sys/kernel/debug/text_poke_fixup/stats
T=/sys/kernel/tracing
TOGGLES=${1:-20}
CPUS=$(nproc)

cal() {
	awk '$1 == "CAL:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i } END { print s + 0 }' /proc/interrupts
}

tpf_rounds() {
	[ -r "$STATS" ] && awk '$1 == "ipi_rounds" { print $2 }' "$STATS" || echo 0
}

# measure(workload, n, ops, command...): run command, print one BENCH line
measure() {
	workload=$1 n=$2 ops=$3
	shift 3
	echo 0 > $B/max_gap_ns
	cal0=$(cal) tpf0=$(tpf_rounds) t0=$(cat $B/now_ns)
	"$@"
	t1=$(cat $B/now_ns) cal1=$(cal) tpf1=$(tpf_rounds)
	gap=$(cat $B/max_gap_ns)
	awk -v w="$workload" -v n="$n" -v ops="$ops" -v cal=$((cal1 - cal0)) \
	    -v cpus="$CPUS" -v ns=$((t1 - t0)) -v gap="$gap" -v tpf=$((tpf1 - tpf0)) \
	    'BEGIN { printf "BENCH workload=%s n=%d ops=%d ipi_rounds=%.2f seconds=%.6f max_gap_us=%.1f tpf_rounds=%.2f\n",
		     w, n, ops, cal / (cpus - 1) / ops, ns / 1e9 / ops, gap / 1000, tpf / ops }'
}

run() {
	echo "$1" > $B/run
}

echo "TAP version 13"
echo "1..1"
insmod /opt/tp_bench.ko || { echo "not ok 1 bench # cannot load tp_bench.ko"; exit 1; }
echo "# bench: $(uname -r), $CPUS CPUs"

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
measure events_enable "$events" 1 sh -c "echo 1 > $T/events/enable"
measure events_disable "$events" 1 sh -c "echo 0 > $T/events/enable"

functions=$(wc -l < $T/available_filter_functions)
measure ftrace_on "$functions" 1 sh -c "echo function > $T/current_tracer"
measure ftrace_off "$functions" 1 sh -c "echo nop > $T/current_tracer"

measure stop_machine 0 "$TOGGLES" run "stop_machine $TOGGLES"

rmmod tp_bench
echo "ok 1 bench"

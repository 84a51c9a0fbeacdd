#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The demo of `make run`: toggle static keys in the running kernel and show
# what each toggle cost. Each line gives text_poke_fixup's own counters
# (transactions ... redirects: only its own work), then cal_rounds: all the
# IPI rounds the operation cost, whoever sent them, counted as make bench
# counts them: function-call interrupts (/proc/interrupts CAL, all CPUs)
# over the CPUs that receive them (online CPUs - 1). Other IPIs of the
# moment count too (remote wakeups; the test module's load and unload).
# The counters are read without forking (guest/counters.sh).

. /etc/counters.sh
EVENTS=/sys/kernel/tracing/events
CPUS=$(nproc)
SHOWN="transactions sites ipi_rounds pokes redirects"

snapshot() {
	counters_read
	before_cal=$CAL
	for k in $SHOWN; do
		eval "before_$k=\$TPF_$k"
	done
}

report() {
	counters_read
	line="# $1:"
	for k in $SHOWN; do
		eval "line=\"\$line $k=\$((TPF_$k - before_$k))\""
	done
	if [ "$CPUS" -gt 1 ]; then
		line="$line $(awk -v c=$((CAL - before_cal)) -v n=$((CPUS - 1)) \
			'BEGIN { printf "cal_rounds=%.1f", c / n }')"
	else
		line="$line cal_rounds=-"
	fi
	echo "$line"
}

echo "TAP version 13"
echo "1..1"
if [ ! -r "$STATS" ]; then
	echo "not ok 1 demo # $STATS missing: is this the patched kernel?"
	exit 1
fi
status=ok

echo "# text_poke_fixup counters since boot:"
sed 's/^/#   /' "$STATS"

for ev in sched/sched_switch irq/irq_handler_entry timer/hrtimer_start; do
	[ -e "$EVENTS/$ev/enable" ] || continue
	snapshot
	echo 1 > "$EVENTS/$ev/enable"
	report "enable tracepoint $ev"
	snapshot
	echo 0 > "$EVENTS/$ev/enable"
	report "disable tracepoint $ev"
done

if [ -e "$EVENTS/enable" ]; then
	n=$(ls -d $EVENTS/*/*/ | wc -l)
	snapshot
	echo 1 > "$EVENTS/enable"
	report "enable all $n trace events (one batch)"
	snapshot
	echo 0 > "$EVENTS/enable"
	report "disable all $n trace events (one batch)"
fi

mod=/kselftest/text_poke/test_modules/test_text_poke_sites.ko
if [ -e "$mod" ]; then
	for n in 1 256 4096; do
		snapshot
		insmod "$mod" sites=$n toggles=10 || status="not ok"
		rmmod test_text_poke_sites
		report "10 toggles of a key with $n sites"
	done
fi
echo "$status 1 demo: static keys toggled with text_poke_fixup()"

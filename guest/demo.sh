#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The demo of `make run`: toggle static keys in the running kernel and show
# what each toggle cost, from text_poke_fixup's counters.

STATS=/sys/kernel/debug/text_poke_fixup/stats
EVENTS=/sys/kernel/tracing/events

stat() {
	awk -v k="$1" '$1 == k { print $2 }' "$STATS"
}

snapshot() {
	for k in transactions sites ipi_rounds pokes redirects; do
		eval "before_$k=$(stat $k)"
	done
}

report() {
	line="# $1:"
	for k in transactions sites ipi_rounds pokes redirects; do
		eval "was=\$before_$k"
		line="$line $k=$(( $(stat $k) - was ))"
	done
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

# SPDX-License-Identifier: GPL-2.0
#
# Counters that the guest scripts read before and after an operation, for
# its cost. They are read with shell builtins only: a fork between the two
# reads would add IPIs of its own to the operation's (the TLB shootdown of
# the shell's pages made copy-on-write, the wakeup of the shell when the
# child exits).
#
#   counters_init   once: start counting IPI broadcasts
#   counters_exit   stop counting them
#   counters_read   set CAL, BCAST and TPF_<name> for every counter of
#                   text_poke_fixup (TPF_ipi_rounds...; 0 without it)

STATS=/sys/kernel/debug/text_poke_fixup/stats
TRACING=/sys/kernel/tracing
IPI_INSTANCE=$TRACING/instances/tp_ipi
TPF_COUNTERS="transactions sites ipi_rounds pokes redirects emulations resumes"

# An IPI broadcast is a function call that kicks more than one CPU at
# once (smp_call_function_many(): ipi:ipi_send_cpumask), the syncs of text
# patching and TLB shootdowns among them. A send that kicks one CPU is
# traced as ipi:ipi_send_cpu and not counted: remote wakeups, but also a
# sync that finds all but one CPU with a call already queued (rare), and
# every sync on 2 CPUs. They are counted as the events written to a trace
# instance of their own, which records no command lines: that would keep
# the probes of cmdline recording registered, which the workloads that
# enable events or the function tracer register themselves. An instance
# cannot change that option, but takes it from the top level when it is
# made.
counters_init() {
	record_cmd=$TRACING/options/record-cmd
	read -r was < $record_cmd
	echo 0 > $record_cmd
	mkdir -p $IPI_INSTANCE 2>/dev/null
	echo "$was" > $record_cmd
	if echo 1 > $IPI_INSTANCE/events/ipi/ipi_send_cpumask/enable 2>/dev/null; then
		BCAST_COUNTED=1
		return 0
	fi
	rmdir $IPI_INSTANCE 2>/dev/null
	return 1
}

counters_exit() {
	rmdir $IPI_INSTANCE 2>/dev/null
}

# cal_read - CAL: function-call interrupts taken so far, summed over the CPUs
cal_read() {
	CAL=0
	while read -r name counts; do
		[ "$name" = CAL: ] || continue
		set -- $counts
		for count; do
			case $count in *[!0-9]*) break ;; esac
			CAL=$((CAL + count))
		done
	done < /proc/interrupts
}

# bcast_read - BCAST: IPI broadcasts so far, -1 when they are not counted
bcast_read() {
	BCAST=-1
	[ -n "$BCAST_COUNTED" ] || return 0
	BCAST=0
	for f in $IPI_INSTANCE/per_cpu/cpu*/stats; do
		if [ ! -r "$f" ]; then
			BCAST=-1
			return
		fi
		while read -r name count; do
			case $name in entries:|overrun:) BCAST=$((BCAST + count)) ;; esac
		done < "$f"
	done
}

# tpf_read - TPF_<name> for each counter of text_poke_fixup
tpf_read() {
	for name in $TPF_COUNTERS; do
		eval "TPF_$name=0"
	done
	[ -r $STATS ] || return 0
	while read -r name count; do
		case " $TPF_COUNTERS " in *" $name "*) eval "TPF_$name=\$count" ;; esac
	done < $STATS
}

counters_read() {
	cal_read
	bcast_read
	tpf_read
}

/*
 * A Promela model of text_poke_fixup() (arch/x86/kernel/alternative.c):
 * the writer, tpf_run(), patching sites through int3, IPI syncs and a
 * descriptor the int3 handler searches; CPUs that run the sites with a
 * stale instruction fetch; the int3 handler, with NMIs nesting a second
 * trap inside it. Checked with spin, see run-model and README.md.
 *
 * Bounds (all -D on the spin command line): NCPU CPUs run the sites (the
 * writer is one more CPU, which runs none); NT transactions, each on S0, S1
 * or both; NMI_MAX NMIs per CPU over the run.
 *
 * Text. Site S0 is a 2-byte instruction (a head byte and a tail byte), S1 a
 * 1-byte one, KP a kprobe's int3 that is not ours. Transaction t writes
 * instruction t at its sites: every byte of S0 and S1 holds the number of
 * the transaction whose instruction it belongs to (0 for the text at boot),
 * or INT3.
 *
 * Fetch model (Intel SDM vol. 3, 8.1.3, cross-modifying code): a CPU that
 * has not executed a serializing instruction since a byte changed may still
 * fetch an older value of that byte, each byte on its own. So every byte
 * keeps its history, and every CPU a floor per byte, the index of the value
 * it held when the CPU last serialized; a fetch takes, for each byte, any
 * value from the floor on. An IPI round (do_sync_core, then IRET) and the
 * IRET that ends the int3 handler or an NMI serialize: they raise every
 * floor to the present. The handler and NMIs run with interrupts off: a CPU
 * in them takes no IPI, so a sync waits for it.
 *
 * With -DFETCH_ORDERED the fetch is stronger: a CPU that fetches a value of
 * S0's head also fetches the tail as it was when that value was stored, or
 * newer (a new first byte brings every byte stored before it).
 *
 * Data reads (tpf_live, done, the text read by the handler) are sequentially
 * consistent: each step of a process is atomic and sees every step before
 * it. The barriers of the code are modelled by their mutants: each lets
 * the accesses it orders happen the other way round.
 *
 * The writer's CPU runs no site: an NMI there would run its handler to
 * the end before the writer goes on, which a modelled CPU may do too.
 *
 * Properties, assertions that print "ERROR: ..." first: no CPU runs a torn
 * instruction, nor one older than the committed one (execute()); a trap on
 * our int3 is claimed, a kprobe's is not, and a redirect goes to a fixup
 * no older than the committed one (after_trap()); the handler reads no freed or
 * dead descriptor (READ_DESC()); kvfree() gets no stack descriptor; when
 * the writer is done the text is what it committed (writer.pml).
 */

#ifndef NCPU
#define NCPU		2
#endif
#ifndef NT
#define NT		2
#endif
#ifndef NMI_MAX
#define NMI_MAX		1
#endif

#define S0		0	/* head + tail */
#define S1		1	/* head only */
#define KP		2	/* a kprobe's int3 */
#define NSITE		2
#define INT3		15
/* Head values: the boot one, then an int3 and a new one per transaction. */
#define HLEN		(1 + 2 * NT)
#define TLEN		(1 + NT)

/* claim() */
#define NOT_OURS	0
#define RESUME		1
#define REDIRECT	2
#define NEWER		3

#define FREED		1
#define DEAD		2	/* on the stack, its function returned */

/* The text: each byte's history, and the index of its present value. */
byte hh[NSITE * HLEN];		/* head of site s: hh[s * HLEN + k] */
byte nh[NSITE];
byte th[TLEN];			/* tail of S0 */
byte nt;
#ifdef FETCH_ORDERED
byte tat[HLEN];			/* nt when S0's head value k was stored */
#endif

/* Per CPU: the oldest value of each byte it may still fetch. */
byte fh[NCPU * NSITE];
byte ft[NCPU];
bit pending[NCPU];		/* IPI of the present sync not taken yet */
#ifdef NO_RMB_LIVE
byte pre[NCPU];			/* tpf_live loaded early */
#endif

/* Descriptors: number t is transaction t's, 0 is NULL. */
byte tpf_live, tpf_prev, tpf_unpublished;
byte mask[NT + 1];		/* sites: bit s */
bit done[NT + 1];
byte gone[NT + 1];		/* 0, FREED or DEAD */
bit onstack[NT + 1];

/*
 * The specification: at any time site s may behave as cur[s], the
 * instruction committed last (the done of its transaction), or as pend[s],
 * the one a transaction under way is writing.
 */
byte cur[NSITE + 1], pend[NSITE + 1];	/* [KP] stays 0 */

#ifdef FTRACE_OP
/*
 * With -DFTRACE_OP the CPUs run the sites as ftrace's code does when the
 * function tracer goes on from nothing and off again: S1 is a record, S0
 * is ftrace_call, and every transaction writes both. An odd transaction t
 * turns the tracer on: It is a call to ftrace_caller at S1 and one to the
 * ops' function at S0, and the writer stores the op t before it, with no
 * IPI round of its own (ftrace_arch_code_modify_orders_stores() on x86).
 * An even one turns it off: It is a NOP at S1 and a call to ftrace_stub
 * at S0, and the op is left. A CPU that runs a call at S1 is in
 * ftrace_caller: it loads function_trace_op, then runs S0. The property:
 * a CPU that reaches a function at S0 loaded its op. Two transactions at
 * most: with three, a CPU that entered ftrace_caller in the first and
 * stays there reaches the function of the third with the op of the first,
 * IPI round or not, as a task preempted there would in unmodified 6.12.
 */
byte op;
#endif

#define HAS(d, ip)	((d) != 0 && ((mask[d] >> (ip)) & 1))
#define TEXT(ip)	((ip) == KP -> INT3 : hh[(ip) * HLEN + nh[ip]])
#define NL		printf("\n")

#define CHECK(cond, msg)						\
	if								\
	:: !(cond) -> printf(msg); assert(cond)				\
	:: else								\
	fi

#define READ_DESC(d)							\
	CHECK((d) == 0 || gone[d] != FREED,				\
	      "ERROR: the handler reads a freed descriptor\n");		\
	CHECK((d) == 0 || gone[d] != DEAD,				\
	      "ERROR: the handler reads a dead stack descriptor\n")

inline pd(d)
{
	if
	:: d == 0 -> printf("NULL")
	:: else -> printf("D%d", d)
	fi
}

/* Print a site, and a byte of text. */
inline ps(ip)
{
	if
	:: ip == S0 -> printf("S0")
	:: ip == S1 -> printf("S1")
	:: else -> printf("K")
	fi
}

inline pb(v)
{
	if
	:: v == INT3 -> printf("int3")
	:: else -> printf("I%d", v)
	fi
}

inline pfound(d, ip, f)
{
	printf("bsearch("); pd(d); printf(", "); ps(ip);
	if
	:: f -> printf("): found\n")
	:: else -> printf("): not found\n")
	fi
}

/* CPU c, or its NMI (n = 1), fetched hd, tl at ip. */
inline pfetch(c, n, ip, hd, tl)
{
	printf("CPU%d", c + 1);
	if
	:: n -> printf(" nmi")
	:: else
	fi;
	printf(": fetches "); ps(ip); printf(" = "); pb(hd);
	if
	:: hd == INT3 -> printf(": trap\n")
	:: ip == S0 -> printf(" "); pb(tl); NL
	:: else -> NL
	fi
}

inline serialize(c)
{
	fh[c * NSITE + S0] = nh[S0];
	fh[c * NSITE + S1] = nh[S1];
	ft[c] = nt
}

/* k := any of lo..hi */
inline pick(k, lo, hi)
{
	k = lo;
	do
	:: k < hi -> k++
	:: break
	od
}

/* CPU c fetches the instruction at ip: head byte hd, tail byte tl. */
inline fetch(c, ip, k, hd, tl)
{
	if
	:: ip == KP -> hd = INT3
	:: else ->
		pick(k, fh[c * NSITE + ip], nh[ip]);
		hd = hh[ip * HLEN + k];
		if
		:: ip == S0 ->
#ifdef FETCH_ORDERED
			if
			:: tat[k] > ft[c] -> k = tat[k]
			:: else -> k = ft[c]
			fi;
			do			/* k := any of k..nt */
			:: k < nt -> k++
			:: break
			od;
#else
			pick(k, ft[c], nt);
#endif
			tl = th[k]
		:: else -> tl = hd
		fi;
		k = 0
	fi;
	if
	:: hd == INT3 -> tl = 0		/* a trap: the tail does not matter */
	:: else
	fi
}

/*
 * A CPU runs what it fetched, unless it is an int3: the instruction must be
 * whole, and the committed one or the one being written.
 */
inline execute(ip, hd, tl)
{
	if
	:: hd != INT3 ->
		CHECK(hd == tl, "ERROR: a CPU runs a torn instruction\n");
		CHECK(cur[ip] <= hd && hd <= pend[ip],
		      "ERROR: a CPU runs an older than committed instruction\n")
	:: else
	fi
}

/* After the handler: what it did must be right. */
inline after_trap(ip, res, d)
{
	if
	:: ip == KP ->
		CHECK(res == 0, "ERROR: the handler claims a kprobe's int3\n")
	:: else ->
		CHECK(res != 0,
		      "ERROR: die(int3): a trap on our int3 is not claimed\n")
	fi;
	/*
	 * The fixup does what the new instruction of d does, and the CPU
	 * runs it after the handler returned: by then that instruction must
	 * not be older than the committed one.
	 */
	if
	:: res == REDIRECT ->
		CHECK(cur[ip] <= d && d <= pend[ip],
		      "ERROR: redirected to a fixup older than the committed\n")
	:: else
	fi
}

/* The nested copy of the handler: a trap inside an NMI. */
#define V(x)		n_##x
#define HOOK		skip
#define SAY		printf("CPU%d nmi: ", c + 1); printf
#define HANDLER		handler_nested
#include "handler.pml"
#undef V
#undef HOOK
#undef SAY
#undef HANDLER

/* An NMI on CPU c: it runs a site, and traps if it fetches an int3. */
inline nmi(c)
{
	atomic {
		nmi_left--;
		if
		:: n_ip = S0
		:: n_ip = S1
		:: n_ip = KP
		fi;
		fetch(c, n_ip, n_k, n_hd, n_tl);
		pfetch(c, 1, n_ip, n_hd, n_tl);
		execute(n_ip, n_hd, n_tl)
	}
	do
	:: n_hd != INT3 -> break
	:: else ->
		handler_nested(c, n_ip);
		after_trap(n_ip, n_res, n_d);
		atomic {
			serialize(c);
			printf("CPU%d nmi: IRET from the int3\n", c + 1)
		};
		if
		:: n_res == RESUME ->
			atomic {
				fetch(c, n_ip, n_k, n_hd, n_tl);
				pfetch(c, 1, n_ip, n_hd, n_tl);
				execute(n_ip, n_hd, n_tl)
			}
		:: else -> break
		fi
	od;
	atomic {
		serialize(c);				/* IRET */
		printf("CPU%d nmi: IRET\n", c + 1);
		n_ip = 0; n_hd = 0; n_tl = 0; n_res = 0; n_d = 0
	}
}

/* The outer copy: an NMI may arrive before any step. */
#define V(x)		o_##x
#define HOOK		if :: nmi_left > 0 -> nmi(c) :: true fi
#define SAY		printf("CPU%d: ", c + 1); printf
#define HANDLER		handler_outer
#include "handler.pml"
#undef V
#undef HOOK
#undef SAY
#undef HANDLER

#include "writer.pml"

#ifdef FTRACE_OP
/*
 * Which instruction the CPU ran at ip: the one it fetched, or the handler's.
 * Odd transactions turn the tracer on (It calls ftrace_caller at S1, the
 * function at S0), even ones off again (It is a NOP, a call to ftrace_stub):
 * 0 stands for both.
 */
#define RAN_T		(hd != INT3 -> hd : (o_res == REDIRECT -> o_d : 0))
#define RAN		(RAN_T % 2 == 1 -> RAN_T : 0)

/* After the run of a site: ftrace_caller's load of the op, or the check. */
inline ftrace_step(c)
{
	atomic {
		if
#ifdef STALE_RECORD
		/* Mutant: the record called ftrace_caller before the update. */
		:: ip == S1 && (RAN != 0 || (hd != INT3 && hd == 0)) ->
#else
		:: ip == S1 && RAN != 0 ->
#endif
#ifndef OP_LOAD_EARLY
			myop = op;
#endif
			printf("CPU%d: in ftrace_caller, op %d\n", c + 1, myop);
			in_caller = 1
		:: ip == S1
		:: ip == S0 ->
			if
			:: RAN != 0 ->
				CHECK(myop != 0,
				      "ERROR: ftrace_call reaches the function with no op\n");
				CHECK(myop == RAN,
				      "ERROR: ftrace_call reaches the function with another's op\n")
			:: else
			fi;
			in_caller = 0;
			myop = 0
		fi
	}
}
#endif

proctype cpu(byte c)
{
	byte ip, k, hd, tl;
#ifdef FTRACE_OP
	byte myop;
	bit in_caller;
#endif
	byte o_live, o_L, o_d, o_again, o_p, o_r, o_res, o_tx;
	bit o_f, o_dn, o_tries;
	byte n_ip, n_k, n_hd, n_tl;
	byte n_live, n_L, n_d, n_again, n_p, n_r, n_res, n_tx;
	bit n_f, n_dn, n_tries;
	byte nmi_left = NMI_MAX;

end:
	do
	:: atomic {
		pending[c] ->
		serialize(c);
		pending[c] = 0;
		printf("CPU%d: takes the IPI, serializes\n", c + 1)
	   }
#ifdef NO_RMB_LIVE
	:: atomic { pre[c] != tpf_live -> pre[c] = tpf_live }
#endif
	:: atomic {
#ifdef FTRACE_OP
		if
		:: in_caller -> ip = S0
		:: else -> ip = S1
		fi;
#ifdef OP_LOAD_EARLY
		/* Mutant: the op loaded before the record runs. */
		if
		:: ip == S1 ->
			myop = op;
			printf("CPU%d: loads the op early: %d\n", c + 1, myop)
		:: else
		fi
	   }
	   atomic {
#endif
#else
		if
		:: ip = S0
		:: ip = S1
		:: ip = KP
		fi;
#endif
		fetch(c, ip, k, hd, tl);
		pfetch(c, 0, ip, hd, tl);
		execute(ip, hd, tl)
	   }
		do
		:: hd != INT3 -> break
		:: else ->
			handler_outer(c, ip);
			after_trap(ip, o_res, o_d);
			atomic { serialize(c); printf("CPU%d: IRET\n", c + 1) };
			if
			:: o_res == RESUME ->
				atomic {
					fetch(c, ip, k, hd, tl);
					pfetch(c, 0, ip, hd, tl);
					execute(ip, hd, tl)
				}
			:: else -> break
			fi
		od;
#ifdef FTRACE_OP
		ftrace_step(c);
#endif
		atomic { ip = 0; hd = 0; tl = 0; o_res = 0; o_d = 0 }
	od
}

init {
	byte i;

	atomic {
		run writer();
		do
		:: i < NCPU -> run cpu(i); i++
		:: else -> break
		od
	}
}

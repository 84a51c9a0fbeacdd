/*
 * The writer: tpf_run(desc) under text_mutex, NT transactions one after
 * the other. Transaction t patches S0, S1 or both with instruction It
 * through descriptor Dt:
 *
 *  1. tpf_prev = tpf_live; smp_wmb(); tpf_live = desc	(publish)
 *  2. int3 on the head of every site
 *  3. sync; tpf_unpublished = tpf_prev; tpf_prev = NULL
 *  4. if a site has a tail (S0 has): the tails; 5. sync
 *  6. the head of every site; smp_store_release(&desc->done, 1)
 *
 * sync: an IPI round to every CPU, waiting for each; then
 * kvfree(tpf_unpublished); tpf_unpublished = NULL.
 *
 * With -DFALLBACK a transaction may take the allocation-free path instead:
 * its descriptor is on the stack, and after step 6 come 7. sync,
 * 8. tpf_live = NULL, 9. sync; then the descriptor is dead.
 *
 * The mutants (see the list in run-model) change one step each.
 */

/* Print "writer Tt step n: ". */
inline wsay(n)
{
	printf("writer T%d step %d: ", t, n)
}

inline whead(n, s, v)
{
	atomic {
		nh[s]++;
		hh[s * HLEN + nh[s]] = v;
#ifdef FETCH_ORDERED
		if
		:: s == S0 -> tat[nh[s]] = nt
		:: else
		fi;
#endif
		wsay(n); printf("head of "); ps(s); printf(" = "); pb(v); NL
	}
}

inline wtail(v)
{
	atomic {
		nt++;
		th[nt] = v;
		wsay(4); printf("tail of S0 = "); pb(v); NL
	}
}

inline kvfree(d)
{
	if
	:: d != 0 ->
		CHECK(!onstack[d],
		      "ERROR: kvfree() of a descriptor on the stack\n");
		gone[d] = FREED;
		printf(", kvfree(D%d)", d)
	:: else
	fi
}

#if NCPU == 1
#define ALL_TOOK_IPI	(!pending[0])
#elif NCPU == 2
#define ALL_TOOK_IPI	(!pending[0] && !pending[1])
#else
#define ALL_TOOK_IPI	(!pending[0] && !pending[1] && !pending[2])
#endif

/* tpf_sync(): on_each_cpu(do_sync_core), then free what was unpublished. */
inline sync(n)
{
	atomic {
#ifdef FREE_BEFORE_IPI
		/* Mutant: the free before the IPI round. */
		wsay(n); printf("sync: before the IPIs");
		kvfree(tpf_unpublished);
		tpf_unpublished = 0;
		NL;
#endif
		i = 0;
		do
		:: i < NCPU -> pending[i] = 1; i++
		:: else -> break
		od;
		i = 0;
		wsay(n); printf("sync: IPIs sent\n")
	}
	atomic {
		ALL_TOOK_IPI ->
		wsay(n); printf("sync: every CPU took the IPI");
		kvfree(tpf_unpublished);
		tpf_unpublished = 0;
		NL
	}
}

/* Step 2 (v = INT3) or 6 (v = t): the head of every site of m. */
inline write_heads(n, m, v)
{
	if
	:: m & 1 -> whead(n, S0, v)
	:: else
	fi;
	if
	:: m & 2 -> whead(n, S1, v)
	:: else
	fi
}

inline publish()
{
#ifdef NO_WMB_PUBLISH
	/* Mutant: the two stores of step 1 the other way round. */
	atomic {
		i = tpf_live;
		tpf_live = t;
		wsay(1); printf("tpf_live = D%d\n", t)
	}
	atomic {
		tpf_prev = i;
		i = 0;
		wsay(1); printf("tpf_prev = "); pd(tpf_prev); NL
	}
#else
	atomic {
		tpf_prev = tpf_live;
		wsay(1); printf("tpf_prev = "); pd(tpf_prev); NL
	}
	atomic { tpf_live = t; wsay(1); printf("tpf_live = D%d\n", t) }
#endif
}

#ifdef FTRACE_OP
/* ftrace: an odd transaction turns the tracer on, with its op t. */
inline store_op()
{
	if
	:: t % 2 == 1 ->
		atomic { op = t; printf("writer T%d: function_trace_op = %d\n", t, t) }
	:: else
	fi
}
#endif

proctype writer()
{
	byte t = 1, m, i;
	bit stack;

	do
	:: t > NT -> break
	:: else ->
#ifdef FTRACE_OP
		m = 3;		/* the records and ftrace_call, in one */
#else
		if
		:: m = 1
		:: m = 2
		:: m = 3
		fi;
#endif
#ifdef FALLBACK
		if
		:: stack = 0
		:: stack = 1
		fi;
#endif
		atomic {
			mask[t] = m;
			onstack[t] = stack;
			/* From now on the sites may run the old or the new. */
			if
			:: m & 1 -> pend[S0] = t
			:: else
			fi;
			if
			:: m & 2 -> pend[S1] = t
			:: else
			fi;
			printf("writer T%d: starts on", t);
			if
			:: m & 1 -> printf(" S0")
			:: else
			fi;
			if
			:: m & 2 -> printf(" S1")
			:: else
			fi;
			if
			:: stack -> printf(", D%d on the stack\n", t)
			:: else -> printf(", D%d kvmalloc()ed\n", t)
			fi
		}

#if defined(FTRACE_OP) && !defined(OP_AFTER_INT3)
		/* ftrace going on: function_trace_op, before the transaction. */
		store_op();
#endif
#ifdef PUBLISH_AFTER_INT3
		/* Mutant: steps 1 and 2 the other way round. */
		write_heads(2, m, INT3);
		publish();
#else
		publish();
		write_heads(2, m, INT3);
#endif
#ifdef OP_AFTER_INT3
		/* Mutant: function_trace_op stored after the int3s. */
		store_op();
#endif
#ifndef NO_SYNC3
		sync(3);
#endif
#ifdef FREE_AT_UNPUBLISH
		/* Mutant: free the previous descriptor as it is unpublished. */
		atomic {
			wsay(3); printf("tpf_prev = NULL");
			kvfree(tpf_prev);
			tpf_prev = 0;
			NL
		}
#else
		atomic {
			tpf_unpublished = tpf_prev;
			tpf_prev = 0;
			wsay(3);
			printf("tpf_unpublished = "); pd(tpf_unpublished);
			printf(", tpf_prev = NULL\n")
		}
#endif
		if
		:: m & 1 ->
			wtail(t);
#ifndef NO_SYNC5
			sync(5)
#endif
		:: else
		fi;
#ifdef NO_RELEASE_DONE
		/* Mutant: done stored before the heads. */
		atomic { done[t] = 1; wsay(6); printf("D%d->done = 1\n", t) }
		write_heads(6, m, t);
		atomic {
#else
		write_heads(6, m, t);
#ifdef SYNC6
		/* Variant: a sync after the heads, as in text_poke_bp(). */
		sync(6);
#endif
		atomic {
			done[t] = 1;
			wsay(6); printf("D%d->done = 1\n", t);
#endif
			/* Committed: from now on only the new. */
			if
			:: m & 1 -> cur[S0] = t
			:: else
			fi;
			if
			:: m & 2 -> cur[S1] = t
			:: else
			fi
		}
		if
		:: stack ->
#ifndef FB_NO_SYNC_BEFORE_CLEAR
			sync(7);
#endif
#ifndef FB_NO_CLEAR
			atomic {
				tpf_live = 0;
				wsay(8); printf("tpf_live = NULL\n")
			}
#endif
#ifndef FB_NO_SYNC_AFTER_CLEAR
			sync(9);
#endif
			atomic {
				gone[t] = DEAD;
				printf("writer T%d: returns, D%d dead\n", t, t)
			}
		:: else ->
			printf("writer T%d: returns\n", t)
		fi;
		t++;
		m = 0;
		stack = 0
	od;
	atomic {
		t = NT;
		CHECK(hh[S0 * HLEN + nh[S0]] == cur[S0] && th[nt] == cur[S0] &&
		      hh[S1 * HLEN + nh[S1]] == cur[S1],
		      "ERROR: the text is not what the last commit wrote\n")
	}
}

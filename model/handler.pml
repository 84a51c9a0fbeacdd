/*
 * The int3 handler of text_poke_fixup(), as fixed for review bug 1
 * (tpf_claim() and tpf_handle_trap() in the patch):
 *
 *   claim(regs, ip, live):
 *	site = bsearch(live, ip); desc = live
 *	if !site: smp_rmb(); desc = READ tpf_prev; site = bsearch(desc, ip)
 *		  if !site: return NOT_OURS
 *	done = smp_load_acquire(&desc->done)
 *	if text[ip] != int3: regs->ip = ip; return CLAIMED	(resume)
 *	if !done: regs->ip = site->fixup; return CLAIMED	(redirect)
 *	return NEWER
 *
 *   handler(regs):
 *	ip = regs->ip - 1; smp_rmb(); live = READ tpf_live
 *	r = claim(regs, ip, live); if r != NEWER: return r == CLAIMED
 *	smp_rmb(); again = READ tpf_live
 *	if again == live: return 0				(foreign int3)
 *	return claim(regs, ip, again) == CLAIMED
 *
 * One shared read per step, so that the writer and the other CPUs can run
 * between any two. tpf.pml includes this file twice: as handler_outer, a
 * trap in task context where an NMI may arrive before any step (HOOK), and
 * as handler_nested, a trap inside that NMI. V(x) names the variables of
 * each copy, SAY prints with the copy's prefix.
 *
 * On return V(res) is 0 (the handler returned 0: die("int3") unless the
 * int3 is a kprobe's), RESUME (back to ip) or REDIRECT (to the fixup of
 * the site in descriptor V(d)).
 *
 * A site without a fixup (text_poke_bp()'s, static calls') is emulated
 * instead of redirected: the handler runs the new instruction of the site
 * it found, which it read from the same descriptor as a fixup, in the
 * same step and with no other shared access. So REDIRECT stands for both:
 * what is checked is that the CPU gets the new instruction of the right
 * descriptor, by either way.
 */
inline HANDLER(c, ip)
{
	V(tries) = 0;
#ifdef PREV_BEFORE_LIVE
	/* Mutant: the load of tpf_prev done before the load of tpf_live. */
	HOOK;
	atomic { V(p) = tpf_prev; SAY("reads tpf_prev early = "); pd(V(p)); NL }
#endif
	HOOK;
	atomic {
#ifdef NO_RMB_LIVE
		/* Mutant: the load of tpf_live was done before the trap. */
		V(live) = pre[c];
		SAY("uses tpf_live loaded before the trap = "); pd(V(live)); NL;
#else
		V(live) = tpf_live;
		SAY("reads tpf_live = "); pd(V(live)); NL;
#endif
		V(L) = V(live)
	}
	do
	:: true ->
		/* claim(regs, ip, V(L)) */
		V(d) = V(L);
		HOOK;
		atomic {
			READ_DESC(V(d));
			V(f) = HAS(V(d), ip);
			SAY(""); pfound(V(d), ip, V(f))
		}
		if
		:: !V(f) ->
#ifndef NO_PREV
#ifdef PREV_BEFORE_LIVE
			if
			:: V(tries) == 0 -> V(d) = V(p)
			:: else ->
				HOOK;
				atomic {
					V(d) = tpf_prev;
					SAY("reads tpf_prev = "); pd(V(d)); NL
				}
			fi;
#else
			HOOK;
			atomic {
				V(d) = tpf_prev;
				SAY("reads tpf_prev = "); pd(V(d)); NL
			};
#endif
			HOOK;
			atomic {
				READ_DESC(V(d));
				V(f) = HAS(V(d), ip);
				SAY(""); pfound(V(d), ip, V(f))
			}
#else
			skip
#endif
		:: else
		fi;
		if
		:: !V(f) -> V(r) = NOT_OURS
		:: else ->
#ifdef NO_ACQUIRE_DONE
			/* Mutant: the text read before done. */
			HOOK;
			atomic {
				V(tx) = TEXT(ip);
				SAY("reads text["); ps(ip); printf("] = ");
				pb(V(tx)); NL
			}
			HOOK;
			atomic {
				READ_DESC(V(d));
				V(dn) = done[V(d)];
				SAY("reads "); pd(V(d));
				printf("->done = %d\n", V(dn))
			}
#else
			HOOK;
			atomic {
				READ_DESC(V(d));
				V(dn) = done[V(d)];
				SAY("reads "); pd(V(d));
				printf("->done = %d\n", V(dn))
			}
#ifdef NO_RMB_RETRY
			/* Mutant: tpf_live loaded again before the text. */
			if
			:: V(tries) == 0 ->
				HOOK;
				atomic {
					V(again) = tpf_live;
					SAY("reads tpf_live early = ");
					pd(V(again)); NL
				}
			:: else
			fi;
#endif
			HOOK;
			atomic {
				V(tx) = TEXT(ip);
				SAY("reads text["); ps(ip); printf("] = ");
				pb(V(tx)); NL
			}
#endif
			if
			:: V(tx) != INT3 -> V(r) = RESUME
			:: V(tx) == INT3 && !V(dn) ->
				/* reads site->fixup */
				HOOK;
				atomic { READ_DESC(V(d)); V(r) = REDIRECT }
			:: V(tx) == INT3 && V(dn) -> V(r) = NEWER
			fi
		fi;
		/* handler(): what claim() found */
		if
		:: V(r) == NOT_OURS -> V(res) = 0; break
		:: V(r) == RESUME || V(r) == REDIRECT -> V(res) = V(r); break
#ifdef NO_RETRY
		/* Mutant: the handler on main today, NEWER means not ours. */
		:: V(r) == NEWER -> V(res) = 0; break
#else
		:: V(r) == NEWER && V(tries) == 1 -> V(res) = 0; break
		:: V(r) == NEWER && V(tries) == 0 ->
#ifndef NO_RMB_RETRY
			HOOK;
			atomic {
				V(again) = tpf_live;
				SAY("reads tpf_live again = "); pd(V(again)); NL
			};
#endif
			if
			:: V(again) == V(live) -> V(res) = 0; break
			:: else -> V(L) = V(again); V(tries) = 1
			fi
#endif
		fi
	od;
	atomic {
		SAY("handler returns ");
		if
		:: V(res) == 0 -> printf("0\n")
		:: V(res) == RESUME -> printf("1: resume at "); ps(ip); NL
		:: V(res) == REDIRECT ->
			printf("1: redirect to the fixup of "); pd(V(d)); NL
		fi;
		V(live) = 0; V(L) = 0; V(again) = 0; V(p) = 0; V(r) = 0;
		V(f) = 0; V(dn) = 0; V(tx) = 0; V(tries) = 0
	}
}

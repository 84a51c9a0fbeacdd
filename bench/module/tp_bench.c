// SPDX-License-Identifier: GPL-2.0
/*
 * The in-guest half of `make bench`. It uses only interfaces that both an
 * unmodified 6.12 and the patched kernel have, so the same module measures
 * both:
 *
 *  - keys of 1, 16, 256 and 4096 sites, toggled on and off: time per
 *    toggle from the guest's clock;
 *  - static calls of 1, 256 and 4096 inline call sites, flipped between
 *    two targets: time per static_call_update(), which patches every
 *    site (with text_poke_bp() on x86, on either kernel);
 *  - an empty stop_machine(): what every site paid when jump labels used
 *    stop_machine;
 *  - for every workload, including those the shell runs (tracefs), the
 *    longest gap seen by a thread spinning on the last CPU: how much the
 *    operation disrupted a CPU that has nothing to do with it.
 *
 * /sys/kernel/debug/tp_bench/run takes "toggle N COUNT", "static_call N
 * COUNT", "stop_machine COUNT", or "settle" (wait for RCU to go idle,
 * before a measurement); /sys/kernel/debug/tp_bench/result then
 * reads "ops=... ns_per_op=..."; max_gap_ns reads the gap since it was
 * last written (write 0 to reset); now_ns reads the guest's clock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/jump_label.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched/clock.h>
#include <linux/static_call.h>
#include <linux/stop_machine.h>
#include <linux/uaccess.h>

static DEFINE_STATIC_KEY_FALSE(key_1);
static DEFINE_STATIC_KEY_FALSE(key_16);
static DEFINE_STATIC_KEY_FALSE(key_256);
static DEFINE_STATIC_KEY_FALSE(key_4096);

/* One site: adds 1 to hits when its branch is taken. */
#define SITE(key)	(hits += static_branch_unlikely(&(key)))
#define X4(stmt)	do { stmt; stmt; stmt; stmt; } while (0)
#define X16(stmt)	X4(X4(stmt))
#define X256(stmt)	X16(X16(stmt))
#define X4096(stmt)	X16(X256(stmt))

/* The sites must exist in the text; they are never run. */
static noinline unsigned int run_sites(void)
{
	unsigned int hits = 0;

	SITE(key_1);
	X16(SITE(key_16));
	X256(SITE(key_256));
	X4096(SITE(key_4096));
	return hits;
}

/* The two targets that every update flips a static call between. */
static noinline int tp_bench_target_a(void)
{
	return 0;
}

static noinline int tp_bench_target_b(void)
{
	return 1;
}

DEFINE_STATIC_CALL(call_1, tp_bench_target_a);
DEFINE_STATIC_CALL(call_256, tp_bench_target_a);
DEFINE_STATIC_CALL(call_4096, tp_bench_target_a);

/*
 * One call site: with CONFIG_HAVE_STATIC_CALL_INLINE, objtool records it
 * in .static_call_sites and every update rewrites its call. Its result is
 * summed, so the compiler keeps every call.
 */
#define CALL_SITE(call)	(calls += static_call(call)())

/*
 * The call sites must exist in the text. Like run_sites(), this runs once,
 * at load, where every call must reach tp_bench_target_a().
 */
static noinline unsigned int run_calls(void)
{
	unsigned int calls = 0;

	CALL_SITE(call_1);
	X256(CALL_SITE(call_256));
	X4096(CALL_SITE(call_4096));
	return calls;
}

static struct task_struct *spinner;
static u64 max_gap_ns;
static u64 result_ops, result_ns;

static int spin(void *unused)
{
	u64 last = local_clock(), now;

	while (!kthread_should_stop()) {
		now = local_clock();
		if (now - last > READ_ONCE(max_gap_ns))
			WRITE_ONCE(max_gap_ns, now - last);
		last = now;
		/* Let stop_machine()'s stopper in: this is not a preemptible kernel. */
		cond_resched();
	}
	return 0;
}

static struct static_key_false *key_of(unsigned int sites)
{
	switch (sites) {
	case 1: return &key_1;
	case 16: return &key_16;
	case 256: return &key_256;
	case 4096: return &key_4096;
	}
	return NULL;
}

static int nothing(void *unused)
{
	return 0;
}

static int run_toggles(unsigned int sites, unsigned int count)
{
	struct static_key_false *key = key_of(sites);
	unsigned int i;
	u64 start;

	if (!key)
		return -EINVAL;
	start = ktime_get_ns();
	for (i = 0; i < count; i++) {
		if (i & 1)
			static_branch_disable(key);
		else
			static_branch_enable(key);
	}
	result_ns = ktime_get_ns() - start;
	result_ops = count;
	static_branch_disable(key);
	return 0;
}

/*
 * static_call_update() needs the call's name, not a pointer to its key:
 * hence one switch per update rather than a lookup like key_of().
 */
static int update_call(unsigned int sites, int (*func)(void))
{
	switch (sites) {
	case 1:
		static_call_update(call_1, func);
		return 0;
	case 256:
		static_call_update(call_256, func);
		return 0;
	case 4096:
		static_call_update(call_4096, func);
		return 0;
	}
	return -EINVAL;
}

static int run_updates(unsigned int sites, unsigned int count)
{
	unsigned int i;
	u64 start;
	int ret;

	/*
	 * Checks N before the clock starts. The call is at its first target
	 * already, so this update patches nothing.
	 */
	ret = update_call(sites, tp_bench_target_a);
	if (ret)
		return ret;
	start = ktime_get_ns();
	for (i = 0; i < count; i++)
		update_call(sites, i & 1 ? tp_bench_target_a :
					   tp_bench_target_b);
	result_ns = ktime_get_ns() - start;
	result_ops = count;
	update_call(sites, tp_bench_target_a);
	return 0;
}

static int run_stop_machine(unsigned int count)
{
	unsigned int i;
	u64 start;

	start = ktime_get_ns();
	for (i = 0; i < count; i++)
		stop_machine(nothing, NULL, NULL);
	result_ns = ktime_get_ns() - start;
	result_ops = count;
	return 0;
}

/* Time for the grace-period kthread's last wakeups after rcu_barrier() */
#define SETTLE_MS	100

/*
 * Let RCU go idle before a measurement. An operation frees with
 * call_rcu(); the grace periods for that end during the next operation,
 * and their wakeups of the grace-period kthread on an idle CPU are IPIs
 * that would count as that operation's.
 */
static int run_settle(void)
{
	rcu_barrier();
	msleep(SETTLE_MS);
	return 0;
}

static ssize_t run_write(struct file *file, const char __user *ubuf,
			 size_t len, loff_t *ppos)
{
	unsigned int sites, count;
	char buf[64];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	if (sscanf(buf, "toggle %u %u", &sites, &count) == 2)
		ret = run_toggles(sites, count);
	else if (sscanf(buf, "static_call %u %u", &sites, &count) == 2)
		ret = run_updates(sites, count);
	else if (sscanf(buf, "stop_machine %u", &count) == 1)
		ret = run_stop_machine(count);
	else if (sysfs_streq(buf, "settle"))
		ret = run_settle();
	else
		ret = -EINVAL;
	return ret ? ret : len;
}

static const struct file_operations run_fops = {
	.write = run_write,
};

static int result_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "ops=%llu ns=%llu ns_per_op=%llu\n", result_ops, result_ns,
		   result_ops ? div64_u64(result_ns, result_ops) : 0);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(result);

static int now_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "%llu\n", ktime_get_ns());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(now);

static struct dentry *dir;

static int __init tp_bench_init(void)
{
	int cpu = num_online_cpus() - 1;

	if (run_sites() || run_calls())
		return -EINVAL;

	spinner = kthread_create_on_cpu(spin, NULL, cpu, "tp_bench_spin");
	if (IS_ERR(spinner))
		return PTR_ERR(spinner);
	wake_up_process(spinner);

	dir = debugfs_create_dir("tp_bench", NULL);
	debugfs_create_file("run", 0200, dir, NULL, &run_fops);
	debugfs_create_file("result", 0444, dir, NULL, &result_fops);
	debugfs_create_u64("max_gap_ns", 0644, dir, &max_gap_ns);
	debugfs_create_file("now_ns", 0444, dir, NULL, &now_fops);
	return 0;
}

static void __exit tp_bench_exit(void)
{
	debugfs_remove_recursive(dir);
	kthread_stop(spinner);
}

module_init(tp_bench_init);
module_exit(tp_bench_exit);
MODULE_DESCRIPTION("Cost of static key and call updates and what they disrupt");
MODULE_LICENSE("GPL");

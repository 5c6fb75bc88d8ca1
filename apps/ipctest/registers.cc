// No register reaches user mode from the kernel or from another thread
// but the message words the sender meant to send: a server (in its own
// process) fills t0-t6 and fs0 with a pattern before every reply, but for
// the t-registers that carry words of its reply (t0..t5 carry words 4..9
// of a message of up to 80 bytes, docs/ipc.md "Message registers"), and a spinner does the same while it
// is preempted; the client checks the registers it gets back from calls
// with replies of every length on the fast and the general path (its
// words exactly, 0 past them), from a lean syscall, and across
// preemptions (fs0: the FPU changes hands lazily, sched::claim_fpu). The
// client's own short calls carry a pattern in t0-t6, which the server
// must not see.
#include "ipctest.h"

namespace ipctest {

namespace {

constexpr uint64_t kPattern = 0x5a5a5a5a5a5a5a5aull;
constexpr uint64_t kClientPattern = 0xa5a5a5a5a5a5a5a5ull;
constexpr uint64_t kSentinel = 0x0123456789abcdefull;

// Word k of every reply the server sends.
uint64_t reply_word(uint64_t k) { return 0x7e57000000000000ull + k; }

// What a syscall left in t0-t6 and a7.
struct Leftovers {
  uint64_t t[7];
  uint64_t a7;
  bool any_equal(uint64_t v) const {
    for (uint64_t x : t) {
      if (x == v) return true;
    }
    return a7 == v;
  }
  bool all_zero() const {
    for (uint64_t x : t) {
      if (x) return false;
    }
    return a7 == 0;
  }
};

// An 8-byte call, with the client's pattern in t0-t6, whose t-registers
// are read back right after the ecall; fs0 holds the sentinel across it
// (returned in fp), and a3 says whether the server saw the pattern.
Leftovers raw_call(ipc::Handle end, uint64_t request, uint64_t deadline, int64_t& status, uint64_t& fp,
                   uint64_t& server_saw_pattern) {
  register uint64_t a0 asm("a0") = end;
  register uint64_t a1 asm("a1") = abi::make_info(8, 0);
  register uint64_t a2 asm("a2") = request;
  register uint64_t a3 asm("a3");
  register uint64_t a6 asm("a6") = deadline;
  register uint64_t a7 asm("a7") = static_cast<uint64_t>(abi::Syscall::ChannelCall);
  Leftovers l;
  asm volatile(
      "fmv.d.x fs0, %[s]\n"
      "li t0, %[p]\n mv t1, t0\n mv t2, t0\n mv t3, t0\n mv t4, t0\n mv t5, t0\n mv t6, t0\n"
      "ecall\n"
      "mv %[t0], t0\n mv %[t1], t1\n mv %[t2], t2\n mv %[t3], t3\n"
      "mv %[t4], t4\n mv %[t5], t5\n mv %[t6], t6\n mv %[a7o], a7\n"
      "fmv.x.d %[fp], fs0\n"
      : "+r"(a0), "+r"(a1), "+r"(a2), "=r"(a3), "+r"(a6), "+r"(a7), [t0] "=r"(l.t[0]), [t1] "=r"(l.t[1]),
        [t2] "=r"(l.t[2]), [t3] "=r"(l.t[3]), [t4] "=r"(l.t[4]), [t5] "=r"(l.t[5]), [t6] "=r"(l.t[6]),
        [a7o] "=r"(l.a7), [fp] "=&r"(fp)
      : [s] "r"(kSentinel), [p] "i"(kClientPattern)
      : "memory", "a4", "a5", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "fs0");
  status = static_cast<int64_t>(a0);
  server_saw_pattern = a3;
  return l;
}

// Whether t0..t5 hold words 4..9 of a reply of `length` bytes and 0 past
// it, or all 0 for a reply too long for the registers (t6 and a7:
// clobbered, checked for the pattern only).
bool holds_reply_words(const Leftovers& l, uint64_t length) {
  for (uint64_t k = 0; k < 6; ++k) {
    uint64_t expected = abi::has_t_words(length, 0) && 32 + 8 * k < length ? reply_word(4 + k) : 0;
    if (l.t[k] != expected) return false;
  }
  return true;
}

Leftovers raw_null() {
  register uint64_t a0 asm("a0") = 0;
  register uint64_t a7 asm("a7") = static_cast<uint64_t>(abi::Syscall::Null);
  Leftovers l;
  asm volatile(
      "li t0, %[p]\n mv t1, t0\n mv t2, t0\n mv t3, t0\n mv t4, t0\n mv t5, t0\n mv t6, t0\n"
      "ecall\n"
      "mv %[t0], t0\n mv %[t1], t1\n mv %[t2], t2\n mv %[t3], t3\n"
      "mv %[t4], t4\n mv %[t5], t5\n mv %[t6], t6\n mv %[a7o], a7\n"
      : "+r"(a0), "+r"(a7), [t0] "=r"(l.t[0]), [t1] "=r"(l.t[1]), [t2] "=r"(l.t[2]), [t3] "=r"(l.t[3]),
        [t4] "=r"(l.t[4]), [t5] "=r"(l.t[5]), [t6] "=r"(l.t[6]), [a7o] "=r"(l.a7)
      : [p] "i"(kPattern)
      : "memory", "a1", "a2", "a3", "a4", "a5", "a6", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
  return l;
}

// Spins for `ticks` with the sentinel in t0-t6 and fs0 (preempted
// meanwhile); returns what t0-t6 hold afterwards, and fs0 in a7's place.
Leftovers spin_with_sentinel(uint64_t ticks) {
  Leftovers l;
  uint64_t end = sys::read_time() + ticks;
  asm volatile(
      "li t0, %[s]\n mv t1, t0\n mv t2, t0\n mv t3, t0\n mv t4, t0\n mv t5, t0\n mv t6, t0\n"
      "fmv.d.x fs0, t0\n"
      "1: rdtime a1\n bltu a1, %[end], 1b\n"
      "mv %[t0], t0\n mv %[t1], t1\n mv %[t2], t2\n mv %[t3], t3\n"
      "mv %[t4], t4\n mv %[t5], t5\n mv %[t6], t6\n fmv.x.d %[fs0], fs0\n"
      : [t0] "=r"(l.t[0]), [t1] "=r"(l.t[1]), [t2] "=r"(l.t[2]), [t3] "=r"(l.t[3]), [t4] "=r"(l.t[4]),
        [t5] "=r"(l.t[5]), [t6] "=r"(l.t[6]), [fs0] "=r"(l.a7)
      : [s] "i"(kSentinel), [end] "r"(end)
      : "a1", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "fs0");
  return l;
}

bool preserved(const Leftovers& l) {
  for (uint64_t x : l.t) {
    if (x != kSentinel) return false;
  }
  return l.a7 == kSentinel;
}

// A request to the dirty server: the length of its reply, and whether it
// waits next with a deadline (the general path).
constexpr uint64_t kByGeneralPath = uint64_t{1} << 32;
uint64_t reply_length(uint64_t request) { return request & 0xffff; }

}  // namespace

// Answers every call through reply_wait with reply_word(k) in each message
// register k its reply uses and the pattern in the others (and in t6 and
// fs0); each reply says in a3 whether the call's t-registers held the
// client's pattern.
int serve_dirty(int, char**) {
  ipc::Handle end = ipc::startup_handles()[0];
  ipc::Handle port = *ipc::port_create();
  if (!ipc::port_bind(port, end, 1)) return 1;
  ipc::Event e = ipc::port_wait(port);
  while (e.ok() && e.kind() == abi::EventKind::Call) {
    uint64_t length = reply_length(e.words[0]);
    uint64_t t[6];
    for (uint64_t k = 0; k < 6; ++k) t[k] = 32 + 8 * k < length ? reply_word(4 + k) : kPattern;
    bool saw_pattern = false;
    for (uint64_t word : e.words) saw_pattern |= word == kClientPattern;
    uint64_t wait_until = e.words[0] & kByGeneralPath ? deadline_in(ms(60'000)) : abi::kForever;
    register uint64_t a0 asm("a0") = port;
    register uint64_t a1 asm("a1") = abi::make_info(length, 0);
    register uint64_t a2 asm("a2") = reply_word(0);
    register uint64_t a3 asm("a3") = saw_pattern;
    register uint64_t a4 asm("a4") = reply_word(2);
    register uint64_t a5 asm("a5") = reply_word(3);
    register uint64_t a6 asm("a6") = wait_until;
    register uint64_t a7 asm("a7") = static_cast<uint64_t>(abi::Syscall::ReplyWait);
    register uint64_t t0 asm("t0") = t[0];
    register uint64_t t1 asm("t1") = t[1];
    register uint64_t t2 asm("t2") = t[2];
    register uint64_t t3 asm("t3") = t[3];
    register uint64_t t4 asm("t4") = t[4];
    register uint64_t t5 asm("t5") = t[5];
    asm volatile(
        "li t6, %[p]\n"
        "fmv.d.x fs0, t6\n"
        "ecall\n"
        : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6), "+r"(a7), "+r"(t0), "+r"(t1),
          "+r"(t2), "+r"(t3), "+r"(t4), "+r"(t5)
        : [p] "i"(kPattern)
        : "memory", "t6", "fs0");
    e = ipc::Event{static_cast<int64_t>(a0), a1, {a2, a3, a4, a5, t0, t1, t2, t3, t4, t5}, a6};
  }
  return 0;
}

// Spins with the pattern in t0-t6 and fs0 until killed.
int spin_dirty(int, char**) {
  asm volatile(
      "li t0, %[p]\n mv t1, t0\n mv t2, t0\n mv t3, t0\n mv t4, t0\n mv t5, t0\n mv t6, t0\n"
      "fmv.d.x fs0, t0\n"
      "1: j 1b\n" ::[p] "i"(kPattern)
      : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "fs0");
  return 0;
}

int registers() {
  const char* test = "registers";
  int failures = 0;
  auto [client, server] = *ipc::channel_create();
  const char* serve_argv[] = {"ipctest", "serve-dirty"};
  ipc::Handle handles[] = {server};
  auto serving = ipc::spawn(serve_argv, handles);
  if (!expect(serving.ok(), test, "spawn serve-dirty")) return 1;

  struct Case {
    const char* what;
    uint64_t request;
    uint64_t deadline;  // 0: forever (the fast path), else ms from now
  };
  const Case cases[] = {
      {"fast call, fast reply", 8, 0},
      {"call with a deadline, fast reply", 8, 2000},
      {"fast call, reply of 40 bytes (t0 only)", 40, 0},
      {"call with a deadline, reply of 40 bytes", 40, 2000},
      {"fast call, reply of 57 bytes (t0..t3)", 57, 0},
      {"fast call, reply of 64 bytes (t0..t3)", 64, 0},
      {"fast call, reply of 72 bytes (t0..t4)", 72, 0},
      {"fast call, reply of 80 bytes (every register)", 80, 0},
      {"call with a deadline, reply of 80 bytes", 80, 2000},
      {"call with a deadline, long reply", 96, 2000},
      {"fast call, long reply", 96, 0},
      {"fast call, reply on the general path", 8 | kByGeneralPath, 0},
      {"call with a deadline, reply on the general path", 8 | kByGeneralPath, 2000},
      {"fast call, 40-byte reply on the general path", 40 | kByGeneralPath, 0},
  };
  for (const Case& c : cases) {
    // Several rounds: the first call may find the server not yet waiting.
    for (int round = 0; round < 3; ++round) {
      int64_t status = 1;
      uint64_t fp = 0;
      uint64_t server_saw_pattern = 1;
      uint64_t deadline = c.deadline ? deadline_in(ms(c.deadline)) : abi::kForever;
      Leftovers l = raw_call(client, c.request, deadline, status, fp, server_saw_pattern);
      failures += !expect(status == 0, test, c.what);
      if (l.any_equal(kPattern) || !holds_reply_words(l, reply_length(c.request))) {
        printf("FAIL %s: %s: t0-t6/a7 are not the reply's words and zeros (%#lx %#lx .. %#lx)\n", test, c.what,
               l.t[0], l.t[1], l.t[6]);
        ++failures;
      }
      if (server_saw_pattern) {
        printf("FAIL %s: %s: the client's t-registers reached the server\n", test, c.what);
        ++failures;
      }
      if (fp != kSentinel) {
        printf("FAIL %s: %s: the client's fs0 changed across the call (%#lx)\n", test, c.what, fp);
        ++failures;
      }
    }
  }
  // Deadlines that pass after the calls were answered must not disturb the
  // kernel (they once left a sleeping caller on the timer queue).
  sys::sleep_until(deadline_in(ms(2100)));

  Leftovers lean = raw_null();
  failures += !expect(lean.all_zero(), test, "a lean syscall returned non-zero t0-t6/a7");

  const char* spin_argv[] = {"ipctest", "spin-dirty"};
  auto spinner = ipc::spawn(spin_argv);
  if (!expect(spinner.ok(), test, "spawn spin-dirty")) return failures + 1;
  failures += !expect(preserved(spin_with_sentinel(ms(60))), test, "t-registers or fs0 changed across preemption");
  (void)sys::process_kill(*spinner);
  (void)ipc::wait(*spinner);
  drop(*spinner);

  drop(client);
  failures += !expect(ipc::wait(*serving, deadline_in(ms(2000))) == 0, test, "serve-dirty did not end cleanly");
  drop(*serving);
  return failures;
}

}  // namespace ipctest

// Thread interrupts (docs/kernel.md, "Interrupting a thread"): a spinning
// thread is redirected to its entry and resumes with every register as it
// was; a thread blocked in a wait ends it with Interrupted; a stack that
// cannot take the frame ends the process as a fault; a resume frame that
// is not a user context is refused; a thread killed while interrupted (or
// before it took the interrupt) ends.
#include "abi/interrupt.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ktest.h"

namespace ktest {

namespace {

constexpr uint64_t kSharedBytes = 4096;
constexpr int kAttempts = 200;

// What the child shows its parent, in a shared membuf.
struct Shared {
  uint64_t progress;     // the spinning loop's count
  uint64_t entries;      // times the interrupt entry ran
  uint64_t flags;        // the last entry's InterruptFrame flags
  uint64_t stage;        // the wait the child is about to make (1..3)
  int64_t results[4];    // results[k]: what wait k returned (0: not yet)
  uint64_t broken;       // 1: a register lost its value; 2: a resume failed
  uint64_t taken;        // the child's server thread holds its call
  uint64_t go;           // the parent lets that thread park the call
};

volatile Shared* shared;
bool entry_stays;  // the entry never resumes (the "stuck" role)

void drop(uint64_t handle) { (void)sys::handle_close(uint32_t(handle)); }

uint64_t op(abi::InterruptOp o) { return static_cast<uint64_t>(o); }

extern "C" [[noreturn]] void on_interrupt(abi::InterruptFrame* frame) {
  shared->entries = shared->entries + 1;
  shared->flags = frame->flags;
  while (entry_stays) {
  }
  (void)sys::interrupt_control(op(abi::InterruptOp::Return), reinterpret_cast<uint64_t>(frame));
  shared->broken = 2;
  for (;;) {
  }
}

// Counts with three registers bound by an invariant the loop checks: a
// resume that lost a register breaks it.
[[noreturn]] void spin_checked() {
  uint64_t a = 0, b = 0, c = 0x5555;
  for (;;) {
    a += 1;
    b += 3;
    c ^= a;
    asm volatile("" : "+r"(a), "+r"(b), "+r"(c));
    if (b != 3 * a) shared->broken = 1;
    c ^= a;
    if (c != 0x5555) shared->broken = 1;
    shared->progress = a;
  }
}

// Makes the three waits an interrupt must end, one after the other.
int wait_in_turn() {
  ipc::Handle port = *ipc::port_create();
  shared->stage = 1;
  shared->results[1] = ipc::port_wait(port, abi::kForever).status;
  shared->stage = 2;
  shared->results[2] = sys::sleep_until(~0ull - 1);
  auto [a, b] = *ipc::channel_create();
  uint64_t words[4] = {};
  shared->stage = 3;
  // Nobody receives on b: the call stays queued.
  shared->results[3] = ipc::call(a, 8, words).status;
  return 0;
}

ipc::Handle late_server_end;

// Takes the main thread's call and works on it until the parent says go,
// then parks it (reply_defer), as a server waiting for input does.
void serve_late(void*) {
  ipc::Event e = ipc::channel_recv(late_server_end, abi::kForever);
  if (!e.ok()) shared->broken = 3;
  shared->taken = 1;
  while (!shared->go) {
  }
  auto parked = ipc::defer();
  if (!parked) shared->broken = 3;
  sys::thread_exit();
}

// A call a server thread is working on, then parks.
int call_parked_later() {
  auto [a, b] = *ipc::channel_create();
  late_server_end = b;
  if (!ipc::start_thread(serve_late, nullptr)) return 5;
  uint64_t words[4] = {};
  shared->results[0] = ipc::call(a, 8, words).status;
  return 0;
}

// The child: maps the shared page, registers its entry, plays its role.
int interruptee(const char* role) {
  auto handles = ipc::startup_handles();
  if (handles.empty()) return 2;
  int64_t address = sys::membuf_map(handles[0], 0, 0, kSharedBytes, abi::kProtRead | abi::kProtWrite);
  if (sys::failed(address)) return 3;
  shared = reinterpret_cast<volatile Shared*>(address);
  entry_stays = __builtin_strcmp(role, "stuck") == 0;
  if (sys::interrupt_control(op(abi::InterruptOp::SetEntry), reinterpret_cast<uint64_t>(on_interrupt)) != 0) return 4;
  if (__builtin_strcmp(role, "wait") == 0) return wait_in_turn();
  if (__builtin_strcmp(role, "parked") == 0) return call_parked_later();
  if (__builtin_strcmp(role, "badstack") == 0) {
    shared->progress = 1;
    asm volatile("li sp, 16\n1: j 1b");  // no stack to push a frame on
  }
  spin_checked();
}

struct Child {
  ipc::Handle process = 0;
  uint64_t buffer = 0;
  volatile Shared* view = nullptr;
};

bool start(const char* role, Child& child, const char* test) {
  int64_t buffer = sys::membuf_create(kSharedBytes);
  int64_t given = sys::handle_dup(uint32_t(buffer), uint32_t(sys::handle_info(uint32_t(buffer))));
  int64_t address = sys::membuf_map(uint32_t(buffer), 0, 0, kSharedBytes, abi::kProtRead | abi::kProtWrite);
  if (!check(!sys::failed(address) && !sys::failed(given), test, "membuf")) return false;
  const char* argv[] = {"ktest", "interruptee", role};
  ipc::Handle handles[] = {uint32_t(given)};
  auto process = ipc::spawn(argv, handles);
  if (!check(process.ok(), test, "spawn the interruptee")) return false;
  child = {*process, uint64_t(buffer), reinterpret_cast<volatile Shared*>(address)};
  return true;
}

void finish(Child& child) {
  (void)sys::process_kill(child.process);
  (void)sys::process_wait(child.process, deadline_in(ms(5000)));
  drop(child.process);
  sys::mem_unmap(reinterpret_cast<uint64_t>(child.view), kSharedBytes);
  drop(child.buffer);
}

// Until the child has made progress (it runs while we sleep).
bool wait_for(volatile uint64_t& value, const char* test, const char* what) {
  for (int i = 0; i < kAttempts && value == 0; ++i) sys::sleep_until(deadline_in(ms(5)));
  return check(value != 0, test, what);
}

// Interrupts the child until wait `stage` has returned. An interrupt that
// comes between the child's marker and its wait runs the entry and leaves
// the wait to block, so the parent asks again, as a signaller would.
bool end_wait(Child& child, int stage, const char* test) {
  for (int i = 0; i < kAttempts && child.view->stage != uint64_t(stage); ++i) sys::sleep_until(deadline_in(ms(5)));
  for (int i = 0; i < kAttempts && child.view->results[stage] == 0; ++i) {
    if (!check(sys::process_interrupt(child.process, 0) == 0, test, "process_interrupt")) return false;
    sys::sleep_until(deadline_in(ms(5)));
  }
  printf("interrupt: wait %d returned %ld, entry flags %lu\n", stage, long(child.view->results[stage]),
         (unsigned long)child.view->flags);
  return check_error(child.view->results[stage], abi::Error::Interrupted, test, "the interrupted wait") &&
         check(child.view->flags == abi::kInterruptedWait, test, "the entry was not told a wait ended");
}

}  // namespace

int interruptee(int argc, char** argv) { return argc == 3 ? interruptee(argv[2]) : 2; }

// --- interrupt: a spinning thread enters its entry and resumes intact; a
// blocked one ends its wait with Interrupted (port_wait, sleep_until, a
// queued call).
int test_interrupt() {
  const char* test = "interrupt";
  Child child;
  if (!start("spin", child, test)) return 1;
  int failures = !wait_for(child.view->progress, test, "the child never spun");
  for (uint64_t n = 1; n <= 3 && failures == 0; ++n) {
    failures += !check(sys::process_interrupt(child.process, 0) == 0, test, "process_interrupt");
    for (int i = 0; i < kAttempts && child.view->entries < n; ++i) sys::sleep_until(deadline_in(ms(5)));
    uint64_t at_entry = child.view->progress;
    sys::sleep_until(deadline_in(ms(20)));
    failures += !check(child.view->entries == n, test, "the entry did not run once per interrupt");
    failures += !check(child.view->flags == 0, test, "a spinning thread was told a wait ended");
    failures += !check(child.view->progress > at_entry, test, "the thread did not resume its loop");
  }
  failures += !check(child.view->broken == 0, test, "a register changed across the interrupt");
  printf("interrupt: %lu entries, spun %lu times\n", (unsigned long)child.view->entries,
         (unsigned long)child.view->progress);
  finish(child);

  Child waiter;
  if (!start("wait", waiter, test)) return failures + 1;
  for (int stage = 1; stage <= 3 && failures == 0; ++stage) failures += !end_wait(waiter, stage, test);
  int64_t status = sys::process_wait(waiter.process, deadline_in(ms(5000)));
  failures += !check(status == 0, test, "the waiting child did not finish");
  failures += !check(waiter.view->broken == 0, test, "a resume failed");
  finish(waiter);
  if (failures == 0) printf("PASS interrupt\n");
  return failures;
}

// --- interruptcall: a call a server thread is working on is not broken
// off (it may have acted on it); once the server parks it, it ends.
int test_interrupt_call() {
  const char* test = "interruptcall";
  Child child;
  if (!start("parked", child, test)) return 1;
  int failures = !wait_for(child.view->taken, test, "the server thread never took the call");
  failures += !check(sys::process_interrupt(child.process, 0) == 0, test, "process_interrupt");
  sys::sleep_until(deadline_in(ms(30)));
  failures += !check(child.view->results[0] == 0 && child.view->entries == 0, test,
                     "a call the server was working on was broken off");
  child.view->go = 1;
  for (int i = 0; i < kAttempts && child.view->results[0] == 0; ++i) sys::sleep_until(deadline_in(ms(5)));
  failures += !check_error(child.view->results[0], abi::Error::Interrupted, test, "the call, once parked");
  failures += !check(child.view->flags == abi::kInterruptedWait, test, "the entry was not told a wait ended");
  failures += !check(sys::process_wait(child.process, deadline_in(ms(5000))) == 0, test, "the child did not finish");
  failures += !check(child.view->broken == 0, test, "the server thread or a resume failed");
  finish(child);
  if (failures == 0) printf("PASS interruptcall\n");
  return failures;
}

namespace {

volatile uint64_t landed_with;

[[noreturn]] void landing(uint64_t value) {
  landed_with = value;
  sys::thread_exit();
}

// A thread that resumes a context it made itself: the pc, sp and a0 it
// chose (an interrupt_control Return is an ordinary way to jump).
[[noreturn]] void jump_by_resume(uint64_t stack_top) {
  abi::InterruptFrame frame{};
  frame.pc = reinterpret_cast<uint64_t>(landing);
  frame.x[1] = stack_top;  // sp (x2)
  uint64_t gp, tp;
  asm("mv %0, gp\nmv %1, tp" : "=r"(gp), "=r"(tp));
  frame.x[2] = gp;
  frame.x[3] = tp;
  frame.x[9] = 0x7e55e4a;  // a0 (x10)
  (void)sys::interrupt_control(op(abi::InterruptOp::Return), reinterpret_cast<uint64_t>(&frame));
  sys::thread_exit();
}

}  // namespace

// --- interruptframe: the entry and resume frames are checked; a forged
// frame resumes only user registers at a user pc.
int test_interrupt_frame() {
  const char* test = "interruptframe";
  using abi::Error;
  int failures = 0;
  abi::InterruptFrame frame{};
  auto resume = [&](const abi::InterruptFrame& f) {
    return sys::interrupt_control(op(abi::InterruptOp::Return), reinterpret_cast<uint64_t>(&f));
  };
  frame.pc = 0xffffffc080200000;  // the kernel's text
  failures += !check_error(resume(frame), Error::InvalidArgument, test, "resume at a kernel pc");
  frame.pc = reinterpret_cast<uint64_t>(landing) + 1;
  failures += !check_error(resume(frame), Error::InvalidArgument, test, "resume at an odd pc");
  frame.pc = reinterpret_cast<uint64_t>(landing);
  frame.flags = 1ull << 63;
  failures += !check_error(resume(frame), Error::InvalidArgument, test, "resume with unknown flags");
  frame.flags = 0;
  frame.reserved = 1;
  failures += !check_error(resume(frame), Error::InvalidArgument, test, "resume with the reserved word set");
  failures += !check_error(sys::interrupt_control(op(abi::InterruptOp::Return), 0x3000000000), Error::BadAddress, test,
                           "resume from unmapped memory");
  failures += !check_error(sys::interrupt_control(op(abi::InterruptOp::Return), 0xffffffc080200000), Error::BadAddress,
                           test, "resume from kernel memory");
  failures += !check_error(sys::interrupt_control(op(abi::InterruptOp::SetEntry), 0xffffffc080200000),
                           Error::InvalidArgument, test, "an entry in the kernel");
  failures += !check_error(sys::interrupt_control(7, 0), Error::InvalidArgument, test, "an unknown op");
  int64_t empty = sys::process_create("empty", 5);
  failures += !check_error(sys::process_interrupt(uint32_t(empty), 0), Error::NotFound, test,
                           "interrupt a process without an entry");
  failures += !check_error(sys::process_interrupt(uint32_t(empty), abi::kInterruptSignals), Error::InvalidArgument, test,
                           "interrupt for a signal past 63");
  drop(empty);
  failures += !check_error(sys::process_interrupt(12345, 0), Error::BadHandle, test, "interrupt a bad handle");

  constexpr size_t kStack = 16 * 1024;
  int64_t stack = sys::mem_map(kStack, abi::kProtRead | abi::kProtWrite);
  int64_t stack2 = sys::mem_map(kStack, abi::kProtRead | abi::kProtWrite);
  int64_t thread = sys::thread_create(jump_by_resume, uint64_t(stack) + kStack, uint64_t(stack2) + kStack, 16);
  failures += !check(!sys::failed(thread), test, "thread_create");
  for (int i = 0; i < kAttempts && landed_with == 0; ++i) sys::sleep_until(deadline_in(ms(5)));
  failures += !check(landed_with == 0x7e55e4a, test, "a resume did not load pc, sp and a0");
  drop(thread);
  sys::mem_unmap(uint64_t(stack), kStack);
  sys::mem_unmap(uint64_t(stack2), kStack);
  if (failures == 0) printf("PASS interruptframe\n");
  return failures;
}

// --- interruptkill: a thread killed in its entry, or before it took the
// interrupt, ends; one with no stack for the frame ends as on a fault.
int test_interrupt_kill() {
  const char* test = "interruptkill";
  int failures = 0;
  Child stuck;
  if (!start("stuck", stuck, test)) return 1;
  failures += !wait_for(stuck.view->progress, test, "the child never spun");
  failures += !check(sys::process_interrupt(stuck.process, 0) == 0, test, "process_interrupt");
  failures += !wait_for(stuck.view->entries, test, "the entry never ran");
  failures += !check(sys::process_kill(stuck.process) == 0, test, "process_kill");
  failures += !check(sys::process_wait(stuck.process, deadline_in(ms(5000))) == abi::kExitKilled, test,
                     "killed in its entry, it did not end as killed");
  finish(stuck);

  Child pending;
  if (!start("spin", pending, test)) return failures + 1;
  failures += !wait_for(pending.view->progress, test, "the child never spun");
  failures += !check(sys::process_interrupt(pending.process, 0) == 0, test, "process_interrupt");
  failures += !check(sys::process_kill(pending.process) == 0, test, "process_kill");
  failures += !check(sys::process_wait(pending.process, deadline_in(ms(5000))) == abi::kExitKilled, test,
                     "killed with an interrupt pending, it did not end as killed");
  finish(pending);

  Child stackless;
  if (!start("badstack", stackless, test)) return failures + 1;
  failures += !wait_for(stackless.view->progress, test, "the child never ran");
  // An interrupt taken before its sp is gone runs the entry: ask again.
  int64_t status = int64_t(abi::Error::TimedOut);
  for (int i = 0; i < kAttempts && status == int64_t(abi::Error::TimedOut); ++i) {
    failures += !check(sys::process_interrupt(stackless.process, 0) == 0, test, "process_interrupt");
    status = sys::process_wait(stackless.process, deadline_in(ms(5)));
  }
  printf("interruptkill: the stackless child ended with %#lx\n", (unsigned long)status);
  failures += !check(status == (abi::kExitFault | 15), test, "no stack for the frame did not end it as a store fault");
  finish(stackless);
  if (failures == 0) printf("PASS interruptkill\n");
  return failures;
}

}  // namespace ktest

// The signal calls of <signal.h> and their delivery (signal_delivery.h).
// The dispositions and pending set are a SignalState; each thread's mask is
// in its ipc::ThreadBlock, and the kernel has a copy (interrupt_control
// SetMask). procmgr is told which signals the process catches, ignores and
// holds (blocks while their action is the default; setSignals) and, once
// one is caught or held, given one end of a channel (setSignalChannel) into
// which it sends them. For a caught one it then interrupts the process: the
// kernel sends a thread that does not block the signal to
// tessera_signal_entry (signal_entry.S), wherever it is, and the handlers
// run there. A process without a procmgr session (init's services) keeps
// its dispositions for raise and for the signals libc raises itself.
#include <errno.h>
#include <string.h>
#include <setjmp.h>
#include <signal.h>
#include <unistd.h>

#include "abi/interrupt.h"
#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "ipc/thread_block.h"
#include "ipc/transport.h"
#include "process_state.h"
#include "procmgr.idl.h"
#include "signal_delivery.h"
#include "signal_inheritance.h"
#include "signal_state.h"
#include "signal_wait.h"

using tessera::posix::fail;
using tessera::posix::SignalBits;
using tessera::posix::SignalEffect;
using tessera::posix::signal_bit;
using tessera::posix::valid_signal;

extern "C" void tessera_signal_entry();

namespace {

using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

tessera::posix::SignalState state;
ipc::Handle signal_channel = 0;  // our end; procmgr sends into the other
tessera::posix::ToldSignals told{};  // what procmgr knows
uint64_t handlers_run = 0;  // counts every handler that ran, for the waits

// An interrupt may come between any two instructions, so every change of
// the state (and every take from the channel) is a critical section; an
// interrupt that finds one open leaves its signals to it (`missed`), and
// the section's owner takes them once it has closed it.
volatile bool in_critical = false;
volatile bool missed = false;
// A handler without SA_RESTART ran in an interrupt that ended a wait: the
// call that waited fails with EINTR rather than being made again.
bool interrupted_call_fails = false;
// ... and so one did (for interrupt_failed_call).
bool call_failed_by_interrupt = false;

// This thread's mask.
SignalBits& my_mask() { return ipc::this_thread_block()->signals_blocked; }

// The threads ipc::start_thread started that still run (the main thread
// besides): procmgr holds a signal only if every one blocks it. Past
// kThreads a thread's mask is not counted.
constexpr size_t kThreads = 64;
ipc::ThreadBlock* threads[kThreads];
size_t thread_count = 0;

SignalBits blocked_everywhere() {
  SignalBits all = ipc::main_thread_block()->signals_blocked;
  for (size_t i = 0; i < thread_count; ++i) all &= threads[i]->signals_blocked;
  return all;
}

void set_entry() {
  (void)sys::interrupt_control(static_cast<uint64_t>(abi::InterruptOp::SetEntry),
                               reinterpret_cast<uint64_t>(tessera_signal_entry));
}

class Critical {
 public:
  Critical() {
    in_critical = true;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
  }
  ~Critical() {
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    in_critical = false;
  }
  Critical(const Critical&) = delete;
  Critical& operator=(const Critical&) = delete;
};

// Whether the call an interrupt ended is made again (a handler with
// SA_RESTART, or none, ran), or fails with EINTR.
bool decide_restart() {
  bool fails = interrupted_call_fails;
  interrupted_call_fails = false;
  call_failed_by_interrupt = fails;
  return !fails;
}

// HeldRestarts: a call an interrupt ended is left to its maker.
bool restarts_held = false;
bool ended_while_held = false;

bool restart_interrupted_call() {
  if (!restarts_held) return decide_restart();
  ended_while_held = true;
  return false;
}

// Tells procmgr what changed; makes the channel the first time a signal is
// caught or held. Cheap when nothing did: it runs on every mask change.
void tell_procmgr() {
  ipc::Handle session = tessera::posix::procmgr_session();
  if (!session) return;
  SignalBits caught = state.caught(), ignored = state.ignored(), held = state.held(blocked_everywhere());
  bool same = caught == told.caught && ignored == told.ignored && held == told.held;
  if (same && (signal_channel || !(caught | held))) return;
  ipc::ChannelTransport transport(session);
  Procmgr procmgr(transport);
  if ((caught | held) && !signal_channel) {
    auto pair = ipc::channel_create();
    if (!pair) return;
    ipc::restart_interrupted_call = restart_interrupted_call;
    if (!procmgr.set_signal_channel(pair->b)) {
      (void)ipc::close(pair->a);
      return;
    }
    signal_channel = pair->a;
  }
  if (same) return;
  if (procmgr.set_signals(caught, ignored, held)) told = {caught, ignored, held};
}

// Marks a signal procmgr sent pending; false if e is not one.
bool take_signal(const ipc::Event& e) {
  if (!e.ok() || e.kind() != abi::EventKind::Message) return false;
  Critical c;
  state.make_pending(static_cast<int>(e.words[0]));
  return true;
}

// Takes what procmgr has sent, without waiting (inside a critical section).
void take_all_sent() {
  while (signal_channel && take_signal(ipc::channel_recv(signal_channel, 0))) {
  }
}

// The next signal to act on, once all that came is taken; 0 if none.
int next_signal() {
  for (;;) {
    int signal;
    {
      Critical c;
      missed = false;
      take_all_sent();
      signal = state.take_deliverable(my_mask());
    }
    if (signal || !missed) return signal;
  }
}

// The kernel passes this thread over for the signals it blocks.
void tell_kernel_mask() { (void)sys::interrupt_control(static_cast<uint64_t>(abi::InterruptOp::SetMask), my_mask()); }

void set_mask(SignalBits mask) {
  {
    Critical c;
    my_mask() = tessera::posix::SignalState::blockable(mask);
  }
  tell_kernel_mask();
}

// A mask change of the program's: procmgr holds what every thread blocks
// now before it returns.
void change_mask(SignalBits mask) {
  set_mask(mask);
  tell_procmgr();
}

// Acts on one signal that is not blocked; returns whether a handler ran
// and, in restart, whether it asked for SA_RESTART.
bool act_on(int signal, bool* restart = nullptr) {
  switch (state.effect_of(signal)) {
    case SignalEffect::Ignore:
      return false;
    case SignalEffect::End:
      // Ends as the signal would: waitpid reports WIFSIGNALED (streams are not flushed).
      sys::process_exit(abi::kExitSignal | signal);
    case SignalEffect::Handle:
      break;
  }
  struct sigaction action;
  SignalBits before;
  {
    Critical c;
    action = state.action(signal);
    before = state.enter_handler(signal, my_mask());
  }
  tell_kernel_mask();
  // (sa_mask may hold a signal; SA_RESETHAND may end a catch.)
  tell_procmgr();
  action.sa_handler(signal);
  change_mask(before);
  ++handlers_run;
  if (restart) *restart = (action.sa_flags & SA_RESTART) != 0;
  return true;
}

// Runs every deliverable signal; whether a handler ran (and all that ran restart).
bool run_deliverable(bool* restart = nullptr) {
  bool ran = false, all_restart = true;
  while (int signal = next_signal()) {
    bool this_restart = false;
    if (act_on(signal, &this_restart)) {
      ran = true;
      all_restart = all_restart && this_restart;
    }
  }
  if (restart) *restart = all_restart;
  return ran;
}

SignalBits& bits(sigset_t* set) { return set->__val[0]; }
SignalBits bits(const sigset_t* set) { return set->__val[0]; }

// A change of the state outside delivery: signals an interrupt left to it
// are acted on once it is made.
template <typename Change>
void change_state(Change change) {
  {
    Critical c;
    change();
  }
  if (missed) tessera::posix::deliver_pending();
}

// signal_wait.h's thread: this one.
struct ThisThread {
  uint64_t handlers_run() const { return ::handlers_run; }
  void run_deliverable() { ::run_deliverable(); }
  bool has_channel() const { return signal_channel != 0; }
  void sleep_until(uint64_t deadline) { (void)sys::sleep_until(deadline); }
  void pass_over() {
    (void)sys::interrupt_control(static_cast<uint64_t>(abi::InterruptOp::SetMask), ~SignalBits{0});
  }
  void take_interrupts() { tell_kernel_mask(); }
  tessera::posix::Woken receive(uint64_t deadline) {
    ipc::Event e = ipc::channel_recv(signal_channel, deadline);
    if (take_signal(e)) return tessera::posix::Woken::Signal;
    return e.error() == Error::Interrupted ? tessera::posix::Woken::Interrupted : tessera::posix::Woken::Ended;
  }
};

}  // namespace

// The interrupt entry's work (signal_entry.S): runs the handlers of what
// came, keeping this thread's IPC buffer for the code it interrupted (which
// may be between a call and reading its reply).
extern "C" void tessera_run_signals(abi::InterruptFrame* frame) {
  if (in_critical) {
    missed = true;
    return;
  }
  static_assert(sizeof(ipc::Message) < 8192);
  ipc::Message kept;
  memcpy(&kept, &ipc::buffer(), sizeof kept);
  bool restart = true;
  if (run_deliverable(&restart) && !restart && (frame->flags & abi::kInterruptedWait)) interrupted_call_fails = true;
  memcpy(&ipc::buffer(), &kept, sizeof kept);
}

// Resumes what the interrupt broke into. The kernel refuses only a frame it
// did not write: one the program overwrote ends it, as a fault would.
extern "C" [[noreturn]] void tessera_resume_interrupted(abi::InterruptFrame* frame) {
  (void)sys::interrupt_control(static_cast<uint64_t>(abi::InterruptOp::Return), reinterpret_cast<uint64_t>(frame));
  sys::process_exit(abi::kExitSignal | SIGSEGV);
}

namespace {

// libc's thread start (ipc::thread_started): the new thread counts for the
// held signals, and takes interrupts at its entry for the signals its mask
// (its creator's) lets through.
void thread_started() {
  {
    Critical c;
    if (thread_count < kThreads) threads[thread_count++] = ipc::this_thread_block();
  }
  set_entry();
  tell_kernel_mask();
}

void thread_ending() {
  ipc::ThreadBlock* self = ipc::this_thread_block();
  {
    Critical c;
    for (size_t i = 0; i < thread_count; ++i) {
      if (threads[i] == self) {
        threads[i] = threads[--thread_count];
        break;
      }
    }
  }
  (void)sys::interrupt_control(static_cast<uint64_t>(abi::InterruptOp::SetEntry), 0);
  tell_procmgr();  // what it alone did not block may be held now
}

// Before main, on the main thread: it takes interrupts from the first
// signal caught (whichever thread catches it), and so do the threads
// started later.
__attribute__((constructor)) void set_up_signals() {
  set_entry();
  ipc::thread_started = thread_started;
  ipc::thread_ending = thread_ending;
}

}  // namespace

namespace tessera::posix {

InheritedSignals child_signals(SignalBits sigdefault, const SignalBits* mask) {
  return signals_for_child(state, my_mask(), told, sigdefault, mask);
}

void inherit_signals(const InheritedSignals& inherited) {
  // A new thread's mask is empty, in the kernel too: a call only to set one.
  if (SignalBits mask = apply_inherited(state, inherited)) set_mask(mask);
  told = {0, inherited.procmgr_ignored, inherited.procmgr_held};
  tell_procmgr();
}

void deliver_pending() { run_deliverable(); }

bool wait_for_signal(uint64_t deadline) {
  ThisThread thread;
  return wait_for_handler(thread, deadline, handlers_run);
}

bool restart_after_interrupt() { return decide_restart(); }

HeldRestarts::HeldRestarts() : outer_(restarts_held) { restarts_held = true; }
HeldRestarts::~HeldRestarts() { restarts_held = outer_; }

bool HeldRestarts::interrupted() {
  bool ended = ended_while_held;
  ended_while_held = false;
  return ended;
}

bool interrupt_failed_call() {
  bool failed = call_failed_by_interrupt;
  call_failed_by_interrupt = false;
  return failed;
}

bool signal_from_here(int signal) {
  {
    Critical c;
    state.make_pending(signal);
  }
  bool restart = true;
  if (!run_deliverable(&restart)) return true;
  return restart;
}

}  // namespace tessera::posix

extern "C" {

int sigemptyset(sigset_t* set) {
  *set = {};
  return 0;
}

int sigfillset(sigset_t* set) {
  *set = {};
  bits(set) = ~SignalBits{0};
  return 0;
}

int sigaddset(sigset_t* set, int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  bits(set) |= signal_bit(signal);
  return 0;
}

int sigdelset(sigset_t* set, int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  bits(set) &= ~signal_bit(signal);
  return 0;
}

int sigismember(const sigset_t* set, int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  return (bits(set) & signal_bit(signal)) != 0;
}

int sigprocmask(int how, const sigset_t* set, sigset_t* old) {
  SignalBits before = my_mask();
  if (set) {
    SignalBits to;
    switch (how) {
      case SIG_BLOCK: to = before | bits(set); break;
      case SIG_UNBLOCK: to = before & ~bits(set); break;
      case SIG_SETMASK: to = bits(set); break;
      default: return fail(EINVAL);
    }
    // A signal procmgr held for us came as a message: delivered below.
    change_mask(to);
  }
  if (old) {
    *old = {};
    bits(old) = before;
  }
  // A signal that waited for this unblocking is delivered before we return.
  tessera::posix::deliver_pending();
  return 0;
}

int pthread_sigmask(int how, const sigset_t* set, sigset_t* old) { return sigprocmask(how, set, old) < 0 ? errno : 0; }

int sigpending(sigset_t* set) {
  *set = {};
  change_state([&] {
    take_all_sent();
    bits(set) = state.pending() & my_mask();
  });
  return 0;
}

int sigsuspend(const sigset_t* mask) {
  // Counted before the mask changes, as a handler it lets through may run
  // in the interrupt entry at once: that ends the wait too.
  uint64_t ran_before = handlers_run;
  SignalBits before = my_mask();
  change_mask(bits(mask));
  ThisThread thread;
  (void)tessera::posix::wait_for_handler(thread, ipc::kForever, ran_before);
  change_mask(before);
  return fail(EINTR);
}

int sigaction(int signal, const struct sigaction* action, struct sigaction* old) {
  if (!valid_signal(signal)) return fail(EINVAL);
  if (action && (signal_bit(signal) & tessera::posix::SignalState::kUnchangeable)) return fail(EINVAL);
  if (old) *old = state.action(signal);
  if (action) {
    change_state([&] { (void)state.set_action(signal, *action); });
    tell_procmgr();
  }
  return 0;
}

sighandler_t signal(int signal, sighandler_t handler) {
  struct sigaction action = {handler, {}, 0};
  struct sigaction old;
  if (sigaction(signal, &action, &old) < 0) return SIG_ERR;
  return old.sa_handler;
}

int raise(int signal) {
  if (!valid_signal(signal)) return fail(EINVAL);
  (void)tessera::posix::signal_from_here(signal);
  return 0;
}

int pause(void) {
  while (!tessera::posix::wait_for_signal(ipc::kForever)) {
  }
  return fail(EINTR);
}

int __sigsetjmp_mask(sigjmp_buf env, int save) {
  env[0].mask_saved = save;
  env[0].mask = my_mask();
  return 0;
}

void siglongjmp(sigjmp_buf env, int value) {
  // (No catching up here: what the mask let through is taken at the next
  // interrupt or delivery point.)
  if (env[0].mask_saved) change_mask(env[0].mask);
  longjmp(env[0].registers, value);
}

}  // extern "C"

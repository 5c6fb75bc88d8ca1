// Host tests of procmgr's process table: pids, parents, ending, adoption by
// init, reaping and the kill rule.
#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>
#include <utility>

#include "../../servers/procmgr/process_table.h"

#include "abi/syscall.h"

using namespace procmgr;

namespace {

int64_t add(ProcessTable& t, int64_t ppid, const char* name = "p") {
  auto r = t.add(ppid, name);
  REQUIRE(r.ok());
  return (*r)->pid;
}

}  // namespace

TEST_CASE("ProcessTable.InitIsPidOneAndRuns") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  REQUIRE(t.size() == 1);
  ProcessRecord* init = t.find(1);
  REQUIRE(init);
  CHECK(std::strcmp(init->name, "init") == 0);
  CHECK(init->running());
  CHECK(init->ppid == 0);
  CHECK_FALSE(t.end(1, 0));
  CHECK(t.find(1)->running());
}

TEST_CASE("ProcessTable.PidsCountUpAndAreNeverReused") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t a = add(t, 1), b = add(t, 1);
  CHECK(a == 2);
  CHECK(b == 3);
  t.remove(b);
  CHECK(add(t, 1) == 4);
  REQUIRE(t.end(a, 0));
  REQUIRE(t.reap(1, a).ok());
  CHECK(add(t, 1) == 5);
}

TEST_CASE("ProcessTable.ListsInPidOrder") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t a = add(t, 1), b = add(t, a), c = add(t, 1), d = add(t, b);
  t.remove(c);
  REQUIRE(t.size() == 4);
  CHECK(t.at(0).pid == 1);
  CHECK(t.at(1).pid == a);
  CHECK(t.at(2).pid == b);
  CHECK(t.at(3).pid == d);
}

TEST_CASE("ProcessTable.NamesAreTruncatedAndTerminated") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  auto r = t.add(1, "a-very-long-program-name-that-goes-on-and-on");
  REQUIRE(r.ok());
  CHECK(std::strlen((*r)->name) == ProcessRecord::kNameLength - 1);
}

TEST_CASE("ProcessTable.AddNeedsARunningParent") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  CHECK(t.add(42, "x").error() == Error::NotFound);
  int64_t a = add(t, 1);
  REQUIRE(t.end(a, 0));
  CHECK(t.add(a, "x").error() == Error::NotFound);
}

TEST_CASE("ProcessTable.GrowsPastItsFirstSizeAndKeepsEveryRecord") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t parent = add(t, 1);
  for (int i = 0; i < 3000; ++i) add(t, i % 2 ? 1 : parent);
  REQUIRE(t.size() == 3002);
  for (size_t i = 1; i < t.size(); ++i) CHECK(t.at(i - 1).pid < t.at(i).pid);
  CHECK(t.find(1)->running());
  REQUIRE(t.find(3002));
  CHECK(t.find(3002)->ppid == 1);
  CHECK(t.children_of(parent) == 1500);
  CHECK(t.children_of(1) == 1501);
}

TEST_CASE("ProcessTable.ChildrenCountUntilReaped") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t a = add(t, 1), b = add(t, a), c = add(t, a);
  CHECK(t.children_of(a) == 2);
  REQUIRE(t.end(b, 0));
  CHECK(t.children_of(a) == 2);  // ended, not reaped
  REQUIRE(t.reap(a, b).ok());
  CHECK(t.children_of(a) == 1);
  t.remove(c);
  CHECK(t.children_of(a) == 0);
}

TEST_CASE("ProcessTable.EndRecordsStatusAndState") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t a = add(t, 1), b = add(t, 1);
  REQUIRE(t.end(a, 3));
  CHECK(t.find(a)->state == ProcessState::Exited);
  CHECK(t.find(a)->status == 3);
  t.find(b)->kill_requested = true;
  REQUIRE(t.end(b, 137));
  CHECK(t.find(b)->state == ProcessState::Killed);
  // Only once.
  CHECK_FALSE(t.end(a, 4));
  CHECK(t.find(a)->status == 3);
  CHECK_FALSE(t.end(99, 0));
}

TEST_CASE("ProcessTable.KillKeepsTheSignalAskedFor") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t term = add(t, 1), sigkill = add(t, 1), none = add(t, 1), exited = add(t, 1);
  for (auto [pid, signal] : {std::pair{term, 15u}, {sigkill, 9u}, {none, 0u}, {exited, 15u}}) {
    t.find(pid)->kill_requested = true;
    t.find(pid)->kill_signal = signal;
  }
  REQUIRE(t.end(term, abi::kExitKilled));
  CHECK(t.find(term)->status == (abi::kExitSignal | 15));
  REQUIRE(t.end(sigkill, abi::kExitKilled));
  CHECK(t.find(sigkill)->status == abi::kExitKilled);
  REQUIRE(t.end(none, abi::kExitKilled));
  CHECK(t.find(none)->status == abi::kExitKilled);
  // It exited by itself before the kill took effect: its own status stays.
  REQUIRE(t.end(exited, 0));
  CHECK(t.find(exited)->status == 0);
}

TEST_CASE("ProcessTable.ReapReturnsStatusOnceAndOnlyToTheParent") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t a = add(t, 1), b = add(t, a);
  CHECK(t.reap(a, b).error() == Error::ShouldWait);
  REQUIRE(t.end(b, 7));
  CHECK(t.reap(1, b).error() == Error::NotFound);  // not init's child
  auto s = t.reap(a, b);
  REQUIRE(s.ok());
  CHECK(*s == 7);
  CHECK(t.find(b) == nullptr);
  CHECK(t.reap(a, b).error() == Error::NotFound);
  CHECK(t.reap(a, 1).error() == Error::NotFound);
}

TEST_CASE("ProcessTable.OrphansGoToInit") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t parent = add(t, 1), running = add(t, parent), ended = add(t, parent), grandchild = add(t, running);
  REQUIRE(t.end(ended, 1));
  REQUIRE(t.end(parent, 0));
  // The running child is init's now; the ended one, never reapable by its
  // parent, is gone; the grandchild keeps its own parent.
  REQUIRE(t.find(running));
  CHECK(t.find(running)->ppid == 1);
  CHECK(t.find(running)->adopted);
  CHECK(t.find(ended) == nullptr);
  CHECK(t.find(grandchild)->ppid == running);
  // The parent itself waits for init (its parent) to reap it.
  CHECK(t.reap(1, parent).ok());
  // An adopted process is dropped as soon as it ends.
  REQUIRE(t.end(running, 0));
  CHECK(t.find(running) == nullptr);
  CHECK(t.find(grandchild)->ppid == 1);
}

TEST_CASE("ProcessTable.SignalRule") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  // a and c are services (init started them); b is a's child, d is b's.
  int64_t a = add(t, 1), b = add(t, a), c = add(t, 1), d = add(t, b);
  CHECK(t.may_signal(1, a));   // init: its services
  CHECK(t.may_signal(1, b));   // ... and anyone
  CHECK(t.may_signal(a, b));   // a parent: its child
  CHECK(t.may_signal(c, b));   // anyone: a process that is no service
  CHECK(t.may_signal(d, b));   // a child: its parent
  CHECK(t.may_signal(b, d));
  CHECK(t.may_signal(a, a));   // a service: itself
  CHECK_FALSE(t.may_signal(b, a));  // a service: not by its child
  CHECK_FALSE(t.may_signal(c, a));  // nor by another service
  CHECK_FALSE(t.may_signal(1, 1));  // never init
  CHECK_FALSE(t.may_signal(a, 1));
  CHECK_FALSE(t.may_signal(1, 99));
  // b's parent ends: init adopts b, which stays an ordinary process.
  REQUIRE(t.end(a, 0));
  REQUIRE(t.find(b)->ppid == 1);
  CHECK(t.may_signal(c, b));
}

TEST_CASE("ProcessTable.SignalActions") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t a = add(t, 1);
  const ProcessRecord& r = *t.find(a);
  // Defaults: most signals end the process; SIGCHLD, SIGCONT, SIGURG and SIGWINCH are ignored.
  CHECK(ProcessTable::action_for(r, 15) == SignalAction::End);
  CHECK(ProcessTable::action_for(r, 2) == SignalAction::End);
  CHECK(ProcessTable::action_for(r, 17) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 28) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 0) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 64) == SignalAction::Ignore);
  // Caught: delivered; ignored: dropped. A signal caught and ignored at once is caught.
  uint64_t usr1 = 1u << 10, term = 1u << 15, chld = 1u << 17;
  REQUIRE(t.set_signals(a, usr1 | chld, term | usr1, 0).ok());
  CHECK(ProcessTable::action_for(r, 10) == SignalAction::Deliver);
  CHECK(ProcessTable::action_for(r, 17) == SignalAction::Deliver);
  CHECK(ProcessTable::action_for(r, 15) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 2) == SignalAction::End);
  // SIGKILL and SIGSTOP can be neither.
  REQUIRE(t.set_signals(a, (1u << 9) | (1u << 19), (1u << 9) | (1u << 19), (1u << 9) | (1u << 19)).ok());
  CHECK(ProcessTable::action_for(r, 9) == SignalAction::End);
  CHECK(ProcessTable::action_for(r, 19) == SignalAction::End);
  CHECK(t.set_signals(99, 0, 0, 0).error() == Error::NotFound);
}

TEST_CASE("ProcessTable.AChildStartsIgnoringWhatItsParentIgnores") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t parent = add(t, 1);
  uint64_t usr1 = 1u << 10, term = 1u << 15, hup = 1u << 1;
  REQUIRE(t.set_signals(parent, usr1, term | hup, 0).ok());
  int64_t child = add(t, parent);
  const ProcessRecord& r = *t.find(child);
  // Ignored ones stay ignored; a caught one is back at its default, held
  // until the child's libc says whether its mask blocks it.
  CHECK(r.ignored == (term | hup));
  CHECK(r.caught == 0);
  CHECK(ProcessTable::action_for(r, 15) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 10) == SignalAction::Hold);
  // The parent changing its mind later does not reach the child.
  REQUIRE(t.set_signals(parent, 0, 0, 0).ok());
  CHECK(t.find(child)->ignored == (term | hup));
}

TEST_CASE("ProcessTable.ABlockedSignalWithItsDefaultIsHeld") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t a = add(t, 1);
  const ProcessRecord& r = *t.find(a);
  uint64_t hup = 1u << 1, usr1 = 1u << 10, term = 1u << 15, chld = 1u << 17;
  // Held: blocked with the default action; caught wins, ignored (or ignored
  // by default) stays dropped; SIGKILL and SIGSTOP are never held.
  REQUIRE(t.set_signals(a, usr1, hup, term | usr1 | hup | chld | (1u << 9) | (1u << 19)).ok());
  CHECK(r.held == term);
  CHECK(ProcessTable::action_for(r, 15) == SignalAction::Hold);
  CHECK(ProcessTable::action_for(r, 10) == SignalAction::Deliver);
  CHECK(ProcessTable::action_for(r, 1) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 17) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 9) == SignalAction::End);
  CHECK(ProcessTable::action_for(r, 2) == SignalAction::End);
  // Unblocked: the default again.
  REQUIRE(t.set_signals(a, usr1, hup, 0).ok());
  CHECK(ProcessTable::action_for(r, 15) == SignalAction::End);
}

TEST_CASE("ProcessTable.AChildHoldsWhatItsParentHoldsOrCatches") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  int64_t parent = add(t, 1);
  uint64_t quit = 1u << 3, usr1 = 1u << 10, term = 1u << 15, chld = 1u << 17;
  REQUIRE(t.set_signals(parent, usr1 | chld, quit, term | quit).ok());
  int64_t child = add(t, parent);
  const ProcessRecord& r = *t.find(child);
  // The parent's mask is the child's until its libc says otherwise, and
  // its caught ones are back at their default there: held, but not SIGCHLD
  // (ignored by default) nor the ignored SIGQUIT.
  CHECK(r.held == (term | usr1));
  CHECK(ProcessTable::action_for(r, 15) == SignalAction::Hold);
  CHECK(ProcessTable::action_for(r, 10) == SignalAction::Hold);
  CHECK(ProcessTable::action_for(r, 3) == SignalAction::Ignore);
  CHECK(ProcessTable::action_for(r, 17) == SignalAction::Ignore);
  // Its libc says it holds nothing.
  REQUIRE(t.set_signals(child, 0, quit, 0).ok());
  CHECK(ProcessTable::action_for(r, 10) == SignalAction::End);
}

TEST_CASE("ProcessTable.ManySpawnsAndReapsKeepTheTableSmall") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  std::set<int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    int64_t pid = add(t, 1);
    CHECK(seen.insert(pid).second);
    REQUIRE(t.end(pid, i));
    auto s = t.reap(1, pid);
    REQUIRE(s.ok());
    CHECK(*s == i);
  }
  CHECK(t.size() == 1);
}

TEST_CASE("ProcessTable.KeepsEachProcessArgvUntilItsRecordGoes") {
  ProcessTable t;
  REQUIRE(t.start().ok());
  auto child = t.add(1, "ls");
  REQUIRE(child.ok());
  int64_t pid = (*child)->pid;
  static const char kArgv[] = "ls\0-l\0/tmp";  // the last string's NUL is the literal's
  REQUIRE(t.set_argv(pid, kArgv, sizeof kArgv).ok());
  ProcessRecord* r = t.find(pid);
  REQUIRE(r->argv != nullptr);
  CHECK(std::string(r->argv, r->argv_size) == std::string(kArgv, sizeof kArgv));
  // Replacing it frees the old copy (ASan would see a leak).
  REQUIRE(t.set_argv(pid, "ls", 3).ok());
  CHECK(t.find(pid)->argv_size == 3);
  CHECK(t.set_argv(999, "x", 2).error() == Error::NotFound);
  // An argv past what cmdline can answer keeps its whole strings that fit.
  std::string many;
  while (many.size() < ProcessTable::kCmdlineMax) many += std::string("word") + '\0';
  REQUIRE(t.set_argv(pid, many.data(), many.size()).ok());
  CHECK(t.find(pid)->argv_size == ProcessTable::kCmdlineMax / 5 * 5);
  CHECK(t.find(pid)->argv[t.find(pid)->argv_size - 1] == '\0');
  // One string longer than that: its start.
  std::string one(2000, 'x');
  REQUIRE(t.set_argv(pid, one.data(), one.size()).ok());
  CHECK(t.find(pid)->argv_size == ProcessTable::kCmdlineMax);
  REQUIRE(t.set_argv(pid, "ls", 3).ok());
  // Growing the table keeps it; ending and reaping frees it.
  for (int i = 0; i < 100; ++i) REQUIRE(t.add(1, "x").ok());
  CHECK(std::string(t.find(pid)->argv) == "ls");
  CHECK(t.end(pid, 0));
  CHECK(t.reap(1, pid).ok());
  CHECK(t.find(pid) == nullptr);
}

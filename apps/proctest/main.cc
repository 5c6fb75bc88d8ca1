// proctest: procmgr checked from a client's side. Each subcommand checks
// one behaviour and prints "PASS <name>" or "FAIL <name>: why"; `all` runs
// every one. The QEMU tests (tests/qemu/proc_test.py) run them from init's
// console.
//
// Started with startup handles (a Vfs session and a ProcessManager session,
// as procmgr gives every program) it tests the running procmgr and vfs.
// Started without (from init's console before the servers are in the boot
// archive) it brings its own: it starts bin/procmgr itself, acting as its
// init (pid 1), and serves the programs from a stand-in vfs
// (standin_vfs.h).
#include <stdio.h>
#include <string.h>

#include <initializer_list>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "standin_vfs.h"
#include "vfs.idl.h"
#include "ipc/time.h"
#include "tessera/posix.h"

namespace {

using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;
using Vfs = idl::vfs::VfsClient<ipc::ChannelTransport>;

constexpr const char kHelper[] = "/bin/prochelper";
constexpr uint32_t kSigKill = 9;  // procmgr's kill reports it as the kernel's kExitKilled

struct Setup {
  bool standalone = false;
  ipc::Handle procmgr = 0;      // our session
  ipc::Handle vfs = 0;          // our Vfs session (not standalone)
  ipc::Handle procmgr_process = 0;  // standalone: the procmgr we started
  int64_t pid = 0;
  char bad_path[64] = "/etc/bad.txt";
  char truncated_path[64] = "/etc/truncated";
} setup;

bool check(bool ok, const char* test, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", test, why);
  return ok;
}

bool check_status(Status s, const char* test, const char* what) {
  if (!s) printf("FAIL %s: %s: %s\n", test, what, abi::error_name(s.error()));
  return s.ok();
}

// NUL-separated strings as the protocol carries them.
struct Block {
  char bytes[512];
  uint32_t size = 0;

  Block(std::initializer_list<const char*> strings) {
    for (const char* s : strings) {
      size_t n = strlen(s) + 1;
      memcpy(bytes + size, s, n);
      size += static_cast<uint32_t>(n);
    }
  }
  idl::Data data() const { return {reinterpret_cast<const uint8_t*>(bytes), size}; }
};

Result<ipc::Handle> new_vfs_session() {
  if (setup.standalone) return proctest::standin_session();
  ipc::ChannelTransport transport(setup.vfs);
  Vfs vfs(transport);
  ipc::Handle session = 0;
  TRY(vfs.clone(false, session));
  return session;
}

struct Child {
  int64_t pid = 0;
  ipc::Handle process = 0;
};

Result<Child> spawn(const char* path, const Block& argv, const Block& envp = {}, bool private_mounts = false) {
  auto session = new_vfs_session();
  if (!session) return session.error();
  ipc::ChannelTransport transport(setup.procmgr);
  Procmgr procmgr(transport);
  Child child;
  tessera::Inheritance inheritance;
  TRY(procmgr.spawn(path, argv.data(), envp.data(), *session, private_mounts, inheritance.child_end(), child.pid,
                    child.process));
  inheritance.send();
  return child;
}

Status reap(int64_t pid, int64_t& status) {
  ipc::ChannelTransport transport(setup.procmgr);
  return Procmgr(transport).reap(pid, status);
}

// Waits for the child, reaps it and closes its handle: its exit status.
Result<int64_t> finish(const Child& child) {
  int64_t waited = ipc::wait(child.process);
  (void)ipc::close(child.process);
  if (waited < 0) return static_cast<Error>(waited);
  int64_t status = -1;
  TRY(reap(child.pid, status));
  if (status != waited) return Error::BadState;
  return status;
}

// Finds pid in procmgr's list.
bool find_process(int64_t pid, idl::procmgr::ProcessInfo& info, char* name, size_t name_size) {
  ipc::ChannelTransport transport(setup.procmgr);
  Procmgr procmgr(transport);
  for (uint32_t i = 0;; ++i) {
    bool end = false;
    if (!procmgr.list(i, info, end) || end) return false;
    if (info.pid == pid) {
      size_t n = info.name.size < name_size - 1 ? info.name.size : name_size - 1;
      memcpy(name, info.name.data, n);
      name[n] = '\0';
      return true;
    }
  }
}

// --- spawn: /bin/ktest args runs with its argv and exits 0.
int test_spawn() {
  const char* t = "spawn";
  auto child = spawn("/bin/ktest", {"ktest", "args", "hello", "procmgr"});
  if (!check_status(child.error(), t, "spawn /bin/ktest")) return 1;
  if (!check(child->pid > 1, t, "bad pid")) return 1;
  auto status = finish(*child);
  if (!check_status(status.error(), t, "wait and reap")) return 1;
  if (!check(*status == 0, t, "ktest args did not exit 0")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

// --- env: argv (with an empty string), envp and the startup handles reach the child.
int test_env() {
  const char* t = "env";
  auto child = spawn(kHelper, {"prochelper", "env", "two words", ""}, {"HOME=/home/test", "TERM=dumb"});
  if (!check_status(child.error(), t, "spawn")) return 1;
  auto status = finish(*child);
  if (!check_status(status.error(), t, "wait and reap")) return 1;
  if (!check(*status == 0, t, "the child saw other arguments")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

// --- ids: getpid for us and for a child, whose parent we are.
int test_ids() {
  const char* t = "ids";
  ipc::ChannelTransport transport(setup.procmgr);
  int64_t pid = 0, ppid = 0;
  if (!check_status(Procmgr(transport).getpid(pid, ppid), t, "getpid")) return 1;
  printf("proctest: pid %ld ppid %ld\n", long(pid), long(ppid));
  if (setup.standalone && !check(pid == 1 && ppid == 0, t, "init's session is not pid 1")) return 1;
  setup.pid = pid;
  char expected[24];
  snprintf(expected, sizeof expected, "%ld", long(pid));
  auto child = spawn(kHelper, {"prochelper", "ids", expected});
  if (!check_status(child.error(), t, "spawn")) return 1;
  auto status = finish(*child);
  if (!check_status(status.error(), t, "wait and reap")) return 1;
  if (!check(*status == 0, t, "the child's getpid gave another parent")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

// --- kill: a spinning child is killed, shows as killed, reaps as 137.
int test_kill() {
  const char* t = "kill";
  auto child = spawn(kHelper, {"prochelper", "spin"});
  if (!check_status(child.error(), t, "spawn")) return 1;
  int64_t status = 0;
  if (!check(reap(child->pid, status).error() == Error::ShouldWait, t, "reap of a running child")) return 1;
  ipc::ChannelTransport transport(setup.procmgr);
  Procmgr procmgr(transport);
  if (!check_status(procmgr.kill(child->pid, kSigKill), t, "kill")) return 1;
  int64_t waited = ipc::wait(child->process);
  if (!check(waited == abi::kExitKilled, t, "wait did not report a kill")) return 1;
  idl::procmgr::ProcessInfo info{};
  char name[32];
  // The ProcessExit event may trail the wait: list polls the process.
  if (!check(find_process(child->pid, info, name, sizeof name), t, "killed child not listed")) return 1;
  if (!check(info.state == idl::procmgr::State::Killed, t, "not listed as killed")) return 1;
  auto reaped = finish(*child);
  if (!check_status(reaped.error(), t, "reap")) return 1;
  if (!check(*reaped == abi::kExitKilled, t, "reap status")) return 1;
  // Errors: no such process; and not ours (init's session may kill anyone).
  if (!check(procmgr.kill(999999, kSigKill).error() == Error::NotFound, t, "kill of no process")) return 1;
  if (!check(reap(999999, status).error() == Error::NotFound, t, "reap of no process")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

// --- badelf: files that are no program get errors; procmgr lives on.
int test_badelf() {
  const char* t = "badelf";
  struct Case {
    const char* path;
    Error expected;
  } cases[] = {{setup.bad_path, Error::Malformed},
               {setup.truncated_path, Error::Malformed},
               {"/bin/no-such-program", Error::NotFound},
               {"/bin", Error::IsDirectory},
               {"relative/path", Error::InvalidArgument}};
  for (const Case& c : cases) {
    auto child = spawn(c.path, {"x"});
    if (child) (void)ipc::close(child->process);
    if (child.error() != c.expected) {
      printf("FAIL %s: %s gave %s, not %s\n", t, c.path, abi::error_name(child.error()), abi::error_name(c.expected));
      return 1;
    }
  }
  auto child = spawn(kHelper, {"prochelper", "exit", "7"});
  if (!check_status(child.error(), t, "spawn after the bad files")) return 1;
  auto status = finish(*child);
  if (!check(status && *status == 7, t, "the good program after them")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

// --- list: pid order, init first, a running child with its parent, memory and threads.
int test_list() {
  const char* t = "list";
  auto child = spawn(kHelper, {"prochelper", "spin"});
  if (!check_status(child.error(), t, "spawn")) return 1;
  ipc::ChannelTransport transport(setup.procmgr);
  Procmgr procmgr(transport);
  int64_t previous = 0;
  bool found = false;
  for (uint32_t i = 0;; ++i) {
    idl::procmgr::ProcessInfo info{};
    bool end = false;
    if (!check_status(procmgr.list(i, info, end), t, "list")) return 1;
    if (end) break;
    // The name is in this thread's IPC buffer, which printf's write to the
    // console reuses: copied first.
    char name[32];
    size_t name_length = info.name.size < sizeof name ? info.name.size : sizeof name - 1;
    memcpy(name, info.name.data, name_length);
    name[name_length] = '\0';
    printf("proctest: %ld %ld %s state %u memory %lu threads %u\n", long(info.pid), long(info.ppid), name,
           unsigned(info.state), static_cast<unsigned long>(info.memory), info.threads);
    if (!check(info.pid > previous, t, "not in pid order")) return 1;
    if (i == 0 && !check(info.pid == 1, t, "init is not first")) return 1;
    previous = info.pid;
    if (info.pid == child->pid) {
      found = true;
      bool name_ok = strcmp(name, "prochelper") == 0;
      if (!check(name_ok && info.state == idl::procmgr::State::Running && info.threads == 1 && info.memory > 0,
                 t, "the child's entry")) {
        return 1;
      }
    }
  }
  if (!check(found, t, "the child is not listed")) return 1;
  if (!check_status(procmgr.kill(child->pid, kSigKill), t, "kill")) return 1;
  if (!check_status(finish(*child).error(), t, "reap")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

// --- orphan: a child's child goes to init when its parent ends, and
// (adopted) leaves the table when it ends.
int test_orphan() {
  const char* t = "orphan";
  auto child = spawn(kHelper, {"prochelper", "orphan"});
  if (!check_status(child.error(), t, "spawn")) return 1;
  auto grandchild = finish(*child);
  if (!check(grandchild && *grandchild > child->pid, t, "the child could not spawn")) return 1;
  idl::procmgr::ProcessInfo info{};
  char name[32];
  uint64_t deadline = ipc::deadline_in_ms(5000);
  while (find_process(*grandchild, info, name, sizeof name)) {
    if (!check(info.ppid == 1 || info.ppid == child->pid, t, "strange parent")) return 1;
    if (!check(sys::read_time() < deadline, t, "the grandchild never left the table")) return 1;
    sys::sleep_until(ipc::deadline_in_ms(20));
  }
  printf("PASS %s\n", t);
  return 0;
}

// --- private: privateMounts makes procmgr clone the session privately.
int test_private() {
  const char* t = "private";
  uint32_t before = setup.standalone ? proctest::standin_counters().private_clones : 0;
  auto child = spawn(kHelper, {"prochelper", "exit", "0"}, {}, true);
  if (!check_status(child.error(), t, "spawn")) return 1;
  if (!check_status(finish(*child).error(), t, "reap")) return 1;
  if (setup.standalone && !check(proctest::standin_counters().private_clones == before + 1, t, "no private clone")) {
    return 1;
  }
  printf("PASS %s\n", t);
  return 0;
}

// --- hungvfs: a Vfs handle that never answers, passed to spawn, holds up
// only that spawn. The fake takes procmgr's call and, while holding it (so
// a procmgr thread is provably waiting on it), has procmgr start and reap
// a program; then it ends, which fails the held call.
struct HungVfs {
  ipc::Handle server_end = 0;
  Status held;
  Status served;  // spawning, waiting and reaping meanwhile, within a deadline
  int64_t status = -1;

  static void run(void* self) { static_cast<HungVfs*>(self)->serve(); }

  void serve() {
    ipc::Event call = ipc::channel_recv(server_end);
    held = call.ok() ? Status{} : Status(call.error());
    if (!call.ok()) return;
    served = spawn_and_reap();
  }

  Status spawn_and_reap() {
    uint64_t deadline = ipc::deadline_in_ms(10'000);
    auto session = new_vfs_session();
    if (!session) return session.error();
    ipc::ChannelTransport transport(setup.procmgr, deadline);
    Procmgr procmgr(transport);
    static const char argv[] = "prochelper\0exit\0005";
    int64_t pid = 0;
    ipc::Handle process = 0;
    tessera::Inheritance inheritance;
    TRY(procmgr.spawn(kHelper, idl::Data{reinterpret_cast<const uint8_t*>(argv), sizeof argv}, {}, *session, false,
                      inheritance.child_end(), pid, process));
    inheritance.send();
    int64_t waited = sys::process_wait(process, deadline);
    (void)ipc::close(process);
    if (waited < 0) return static_cast<Error>(waited);
    return procmgr.reap(pid, status);
  }
};

int test_hungvfs() {
  const char* t = "hungvfs";
  auto pair = ipc::channel_create();
  if (!check_status(pair.error(), t, "channel_create")) return 1;
  static HungVfs fake;
  fake.server_end = pair->b;
  auto thread = ipc::start_thread(HungVfs::run, &fake);
  if (!check_status(thread.error(), t, "start the fake's thread")) return 1;
  ipc::ChannelTransport transport(setup.procmgr);
  int64_t pid = 0;
  ipc::Handle process = 0;
  static const char argv[] = "ktest";
  tessera::Inheritance inheritance;
  Status spawned = Procmgr(transport).spawn("/bin/ktest", idl::Data{reinterpret_cast<const uint8_t*>(argv), sizeof argv},
                                            {}, pair->a, false, inheritance.child_end(), pid, process);
  if (spawned) inheritance.send();
  (void)ipc::close(pair->b);
  (void)ipc::close(*thread);
  if (!check_status(fake.held, t, "the fake took procmgr's call")) return 1;
  if (!check_status(fake.served, t, "procmgr spawned and reaped for others meanwhile")) return 1;
  if (!check(fake.status == 5, t, "the program spawned meanwhile did not exit 5")) return 1;
  if (!check(spawned.error() == Error::PeerClosed, t, "the spawn through the fake did not fail with PeerClosed")) {
    return 1;
  }
  printf("PASS %s\n", t);
  return 0;
}

// --- limit: a process's children not yet reaped are bounded
// (prochelper limit checks it from a child, since init has no limit).
int test_limit() {
  const char* t = "limit";
  auto child = spawn(kHelper, {"prochelper", "limit"});
  if (!check_status(child.error(), t, "spawn")) return 1;
  auto status = finish(*child);
  if (!check_status(status.error(), t, "wait and reap")) return 1;
  if (!check(*status == 0, t, "the child's children were not limited as they should be")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

// Waits until free frames are back to at least `target` (closing is
// asynchronous in the servers); returns the last count.
int64_t frames_settle(int64_t target) {
  int64_t frames = sys::frames_free();
  for (int i = 0; i < 100 && frames < target; ++i) {
    sys::sleep_until(ipc::deadline_in_ms(10));
    frames = sys::frames_free();
  }
  return frames;
}

// --- many: 200 spawns and reaps in a row; memory comes back.
int test_many() {
  const char* t = "many";
  constexpr int kWarmUp = 10, kRounds = 200;
  for (int i = 0; i < kWarmUp + kRounds; ++i) {
    static int64_t start;
    if (i == kWarmUp) start = frames_settle(0);
    char code[8];
    snprintf(code, sizeof code, "%d", i % 200);
    auto child = spawn(kHelper, {"prochelper", "exit", code});
    if (!child) {
      printf("FAIL %s: spawn %d: %s\n", t, i, abi::error_name(child.error()));
      return 1;
    }
    auto status = finish(*child);
    if (!status || *status != i % 200) {
      printf("FAIL %s: round %d: %s\n", t, i, abi::error_name(status.error()));
      return 1;
    }
    if (i == kWarmUp + kRounds - 1) {
      int64_t end = frames_settle(start);
      printf("proctest: free frames %ld before, %ld after %d spawns\n", long(start), long(end), kRounds);
      if (!check(end >= start, t, "frames leaked")) return 1;
    }
  }
  printf("PASS %s\n", t);
  return 0;
}

// Real servers: writes a file for the bad-program cases into /tmp.
Status write_file(const char* path, const uint8_t* bytes, uint32_t size) {
  ipc::ChannelTransport transport(setup.vfs);
  Vfs vfs(transport);
  ipc::Handle file = 0;
  idl::fs::Stat stat{};
  using namespace ipc::open_flags;
  TRY(vfs.open(path, kWriteOnly | kCreate | kTruncate, 0644, file, stat));
  ipc::ChannelTransport file_transport(file);
  uint32_t written = 0;
  Status s = idl::fs::FileClient<ipc::ChannelTransport>(file_transport).write(0, idl::Data{bytes, size}, written);
  (void)ipc::close(file);
  if (s && written != size) return Error::BadState;
  return s;
}

// The entries of a directory; -1 if it cannot be read.
int count_entries(const char* path) {
  ipc::ChannelTransport transport(setup.vfs);
  ipc::Handle dir = 0;
  idl::fs::Stat stat{};
  if (!Vfs(transport).open(path, ipc::open_flags::kReadOnly | ipc::open_flags::kDirectory, 0, dir, stat)) return -1;
  ipc::ChannelTransport dir_transport(dir);
  idl::fs::FileClient<ipc::ChannelTransport> file(dir_transport);
  int count = 0;
  for (uint32_t i = 0;; ++i) {
    idl::Text name{};
    idl::fs::NodeKind kind{};
    bool end = false;
    if (!file.readdir(i, name, kind, end)) {
      count = -1;
      break;
    }
    if (end) break;
    ++count;
  }
  (void)ipc::close(dir);
  return count;
}

// kFanouts children each start kPerFanout holders, which each keep a file
// of dir open; all alive at once, then all killed and reaped.
constexpr int kFanouts = 4, kPerFanout = 250;

bool thousand_round(const char* t, const char* dir) {
  ipc::ChannelTransport transport(setup.vfs);
  Vfs vfs(transport);
  if (!check_status(vfs.mkdir(dir, 0755), t, "mkdir")) return false;
  char count[8];
  snprintf(count, sizeof count, "%d", kPerFanout);
  Child fanouts[kFanouts];
  for (Child& f : fanouts) {
    auto child = spawn(kHelper, {"prochelper", "fanout", count, dir});
    if (!check_status(child ? Status{} : Status(child.error()), t, "spawn a fanout")) return false;
    f = *child;
  }
  // Every holder makes its file once it runs with the file open.
  // A fanout that could not start its holders ends them and itself at once.
  auto a_fanout_ended = [&] {
    for (const Child& f : fanouts) {
      if (ipc::wait(f.process, sys::read_time()) != int64_t(Error::TimedOut)) return true;
    }
    return false;
  };
  uint64_t deadline = ipc::deadline_in_ms(100'000);
  int files = 0;
  while ((files = count_entries(dir)) < kFanouts * kPerFanout && files >= 0 && !a_fanout_ended() &&
         sys::read_time() < deadline) {
    sys::sleep_until(ipc::deadline_in_ms(100));
  }
  printf("proctest: %d processes alive, each with a file open\n", files);
  bool ok = check(files == kFanouts * kPerFanout, t, "not every holder came up");
  char path[96];
  snprintf(path, sizeof path, "%s/stop", dir);
  ok &= check(write_file(path, reinterpret_cast<const uint8_t*>("x"), 1).ok(), t, "cannot write the stop file");
  for (const Child& f : fanouts) {
    auto status = finish(f);
    ok &= check(status && *status == 0, t, "a fanout did not kill and reap its holders");
  }
  // The holders' files go with the directory.
  for (uint32_t i = 0;; ++i) {
    ipc::Handle d = 0;
    idl::fs::Stat stat{};
    if (!vfs.open(dir, ipc::open_flags::kReadOnly | ipc::open_flags::kDirectory, 0, d, stat)) break;
    ipc::ChannelTransport dir_transport(d);
    idl::Text name{};
    idl::fs::NodeKind kind{};
    bool end = false;
    Status s = idl::fs::FileClient<ipc::ChannelTransport>(dir_transport).readdir(0, name, kind, end);
    char entry[128];
    if (s && !end) snprintf(entry, sizeof entry, "%s/%.*s", dir, int(name.size), name.data);
    (void)ipc::close(d);
    if (!s || end) break;
    if (!check_status(vfs.unlink(entry), t, "unlink a holder's file")) return false;
  }
  return check_status(vfs.rmdir(dir), t, "rmdir") && ok;
}

// --- thousand: 1,000 processes alive at once, each holding a file open,
// then all reaped (the harness's leak check runs it again and compares).
int test_thousand() {
  const char* t = "thousand";
  if (setup.standalone) return !check(false, t, "needs the system's vfs and ramfs");
  if (!thousand_round(t, "/tmp/thousand")) return 1;
  printf("PASS %s\n", t);
  return 0;
}

Status prepare_real() {
  static const char text[] = "This is a text file, not a program.\n";
  strcpy(setup.bad_path, "/tmp/proctest-bad.txt");
  strcpy(setup.truncated_path, "/tmp/proctest-truncated");
  TRY(write_file(setup.bad_path, reinterpret_cast<const uint8_t*>(text), sizeof text - 1));
  // A truncated ELF: a real header whose program headers run past the end.
  uint8_t header[200] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  header[16] = 2;     // ET_EXEC
  header[18] = 243;   // EM_RISCV
  header[20] = 1;
  header[24] = 0x00;  // entry 0x10000
  header[26] = 0x01;
  header[32] = 64;    // e_phoff
  header[52] = 64;
  header[54] = 56;
  header[56] = 4;     // four program headers, 224 bytes: past the end
  return write_file(setup.truncated_path, header, sizeof header);
}

Status prepare_standalone() {
  TRY(proctest::start_standin_vfs());
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  const char* const argv[] = {"procmgr"};
  auto process = ipc::spawn(argv, {&pair->b, 1});
  if (!process) return process.error();
  setup.procmgr_process = *process;
  setup.procmgr = pair->a;
  return {};
}

struct Test {
  const char* name;
  int (*run)();
};

const Test tests[] = {{"spawn", test_spawn}, {"env", test_env},       {"ids", test_ids},
                      {"kill", test_kill},   {"badelf", test_badelf}, {"list", test_list},
                      {"orphan", test_orphan}, {"private", test_private}, {"many", test_many},
                      {"hungvfs", test_hungvfs}, {"limit", test_limit}, {"thousand", test_thousand}};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("usage: proctest all|spawn|env|ids|kill|badelf|list|orphan|private|many|hungvfs|limit|thousand\n");
    return 2;
  }
  auto handles = ipc::startup_handles();
  Status prepared;
  if (handles.size() >= 2) {
    setup.vfs = handles[0];
    setup.procmgr = handles[1];
    prepared = prepare_real();
  } else {
    setup.standalone = true;
    prepared = prepare_standalone();
  }
  if (!prepared) {
    printf("FAIL proctest: setting up: %s\n", abi::error_name(prepared.error()));
    return 1;
  }
  printf("proctest: %s\n", setup.standalone ? "own procmgr and stand-in vfs" : "the system's procmgr and vfs");
  int failed = 0, ran = 0;
  for (const Test& test : tests) {
    if (strcmp(argv[1], "all") != 0 && strcmp(argv[1], test.name) != 0) continue;
    ++ran;
    failed += test.run();
  }
  if (setup.procmgr_process) {
    (void)sys::process_kill(setup.procmgr_process);
    (void)ipc::wait(setup.procmgr_process);
  }
  if (ran == 0) {
    printf("proctest: no test %s\n", argv[1]);
    return 2;
  }
  return failed ? 1 : 0;
}

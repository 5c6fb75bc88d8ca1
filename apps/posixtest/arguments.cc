// The arguments group: argv and envp up to ARG_MAX through posix_spawn
// (procmgr.spawnLarge past one message), E2BIG past it, and procmgr's
// answers to a client whose spawnLarge lies about its membuf.
#include <limits.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "abi/syscall.h"
#include "check.h"
#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"

namespace posixtest {

namespace {

constexpr char kSelf[] = "/bin/posixtest";

// posix_spawn of `posixtest child MODE ...` with argv and envp as given
// (NULL-terminated): 0 or the errno.
int spawn_and_wait(const char* const* argv, const char* const* envp, int& status) {
  pid_t pid = -1;
  int e = posix_spawn(&pid, kSelf, nullptr, nullptr, const_cast<char* const*>(argv), const_cast<char* const*>(envp));
  if (e) return e;
  status = finish(pid);
  return 0;
}

bool exited_zero(int status) { return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0; }

using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

// procmgr.spawnLarge of /bin/posixtest with arguments (consumed) and the
// sizes given: its error, or Error::Ok if it started a process.
Error spawn_large(ipc::Handle arguments, uint32_t argv_size, uint32_t envp_size) {
  auto startup = ipc::channel_create();
  if (!startup) return Error::BadState;
  ipc::ChannelTransport transport(ipc::startup_handles()[1]);
  int64_t pid = 0;
  ipc::Handle process = 0;
  Status s = Procmgr(transport).spawn_large(kSelf, arguments, argv_size, envp_size, child_session(), false,
                                            startup->b, pid, process);
  (void)ipc::close(startup->a);  // a child that did start ends for want of its inheritance
  if (!s) return s.error();
  (void)sys::process_wait(process);
  (void)ipc::close(process);
  int64_t status = 0;
  (void)Procmgr(transport).reap(pid, status);
  return Error::Ok;
}

// A one-page membuf holding bytes.
ipc::Handle membuf_with(const char* bytes, size_t size) {
  int64_t buffer = sys::membuf_create(4096);
  if (buffer < 0) return 0;
  auto handle = static_cast<ipc::Handle>(buffer);
  int64_t address = sys::membuf_map(handle, 0, 0, 4096, abi::kProtRead | abi::kProtWrite);
  if (address < 0) return handle;
  memcpy(reinterpret_cast<void*>(address), bytes, size);
  sys::mem_unmap(static_cast<uint64_t>(address), 4096);
  return handle;
}

}  // namespace

int check_arguments() {
  Check c("arguments");
  c.that(sysconf(_SC_ARG_MAX) == ARG_MAX && ARG_MAX >= 4096, "sysconf(_SC_ARG_MAX) is ARG_MAX");
  // 20,000 arguments of 5 bytes cost 20,000 * (5 + 8): within ARG_MAX.
  constexpr int kWords = 20000;
  auto* argv = static_cast<const char**>(malloc((kWords + 5) * sizeof(char*)));
  auto* value = static_cast<char*>(malloc(ARG_MAX));
  if (!c.that(argv && value, "memory for the arguments")) return 1;
  const char* head[] = {"posixtest", "child", "argc", "20000"};
  memcpy(argv, head, sizeof head);
  for (int i = 0; i < kWords; ++i) argv[4 + i] = "word";
  argv[4 + kWords] = nullptr;
  const char* no_environment[] = {nullptr};
  int status = -1;
  c.that(spawn_and_wait(argv, no_environment, status) == 0 && exited_zero(status), "20,000 arguments reach the child");
  // An environment of one 300,000-byte variable.
  memset(value, 'v', 300000 + 4);
  memcpy(value, "BIG=", 4);
  value[300000 + 3] = '\0';
  const char* env_argv[] = {"posixtest", "child", "env-length", "BIG", "299999", nullptr};
  const char* environment[] = {value, nullptr};
  status = -1;
  c.that(spawn_and_wait(env_argv, environment, status) == 0 && exited_zero(status),
         "a 300,000-byte environment reaches the child");
  // Just past ARG_MAX: nothing starts.
  memset(value, 'x', ARG_MAX);
  value[ARG_MAX - 1] = '\0';
  const char* huge_argv[] = {"posixtest", "child", "exit", value, nullptr};
  c.that(spawn_and_wait(huge_argv, no_environment, status) == E2BIG, "past ARG_MAX: E2BIG");
  free(argv);
  free(value);

  // A hostile client: procmgr checks its own copy of the blocks.
  static const char kGood[] = "posixtest\0child\0exit\0" "0";  // with the literal's NUL
  c.that(spawn_large(membuf_with(kGood, sizeof kGood), sizeof kGood, 0) == Error::Ok, "spawnLarge, well-formed");
  c.that(spawn_large(membuf_with(kGood, sizeof kGood), 8192, 0) == Error::InvalidArgument,
         "spawnLarge: sizes past the membuf's end");
  c.that(spawn_large(membuf_with(kGood, sizeof kGood), 4096, 4096) == Error::InvalidArgument,
         "spawnLarge: envp past the membuf's end");
  c.that(spawn_large(membuf_with("abc", 3), 3, 0) == Error::InvalidArgument, "spawnLarge: an unterminated string");
  c.that(spawn_large(membuf_with(kGood, sizeof kGood), ARG_MAX, 1) == Error::TooLarge, "spawnLarge: past ARG_MAX");
  auto channel = ipc::channel_create();
  c.that(channel && spawn_large(channel->a, 4, 0) == Error::InvalidArgument, "spawnLarge: a channel, no membuf");
  if (channel) (void)ipc::close(channel->b);
  return c.result();
}

int arguments_child(int argc, char** argv) {
  const char* mode = argv[0];
  if (strcmp(mode, "argc") == 0 && argc >= 2) {
    if (argc - 2 != atoi(argv[1])) return 1;
    for (int i = 2; i < argc; ++i) {
      if (strcmp(argv[i], "word") != 0) return 2;
    }
    return 0;
  }
  if (strcmp(mode, "env-length") == 0 && argc == 3) {
    const char* value = getenv(argv[1]);
    return value && strlen(value) == strtoul(argv[2], nullptr, 10) ? 0 : 1;
  }
  return 100;
}

}  // namespace posixtest

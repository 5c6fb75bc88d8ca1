// The orphans group: a child whose spawner never finished the spawn (its
// end of the inheritance channel closed before the final message, as when
// Ctrl-C kills a child shell between procmgr's start and its hand-over)
// does not run: it ends, killed, before main.
#include "abi/syscall.h"
#include "check.h"
#include "ipc/ipc.h"
#include "ipc/startup.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"

namespace posixtest {

namespace {

using Procmgr = idl::procmgr::ProcessManagerClient<ipc::ChannelTransport>;

}  // namespace

int check_orphans() {
  Check c("orphans");
  static const char kArgv[] = "posixtest\0child\0exit\0" "5";
  ipc::ChannelTransport transport(ipc::startup_handles()[1]);
  for (bool written_part : {false, true}) {
    auto startup = ipc::channel_create();
    if (!c.that(startup.ok(), "a channel")) return 1;
    int64_t pid = 0;
    ipc::Handle process = 0;
    Status s = Procmgr(transport).spawn("/bin/posixtest", idl::Data{reinterpret_cast<const uint8_t*>(kArgv), sizeof kArgv},
                                        {}, child_session(), false, startup->b, pid, process);
    if (!c.that(s.ok(), "procmgr.spawn")) return 1;
    if (written_part) {
      // A message that is not the final one: the spawner died while writing.
      uint64_t words[4] = {0, 0, 0, 0};
      c.that(ipc::channel_send(startup->a, 0, words).ok(), "a first message");
    }
    (void)ipc::close(startup->a);
    int64_t ended = sys::process_wait(process);
    (void)ipc::close(process);
    int64_t status = 0;
    c.that(Procmgr(transport).reap(pid, status).ok() && status == ended, "reaped");
    c.that(ended == abi::kExitKilled, written_part ? "cut off after a message: the child ends killed, main never ran"
                                                   : "nothing sent: the child ends killed, main never ran");
  }
  return c.result();
}

}  // namespace posixtest

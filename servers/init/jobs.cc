#include "jobs.h"

#include <stdio.h>
#include <string.h>

#include <new>

#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "ipc/transport.h"
#include "procmgr.idl.h"
#include "server/server.h"

namespace init {

namespace {

// What the console sends with a process handle.
struct Handover {
  int64_t pid;
  char name[32];
};
static_assert(sizeof(Handover) <= ipc::kMaxMessageBytes);

class Jobs;

// A background process: its end is reported.
class Job final : public server::Source {
 public:
  Job(ipc::Handle procmgr, const Handover& handover) : procmgr_(procmgr), handover_(handover) {}
  void on_exit(int64_t status) override {
    report(handover_.name, status);
    if (handover_.pid) reap(procmgr_, handover_.pid);
  }

 private:
  ipc::Handle procmgr_;
  Handover handover_;
};

// The jobs thread's server; its one channel end takes the console's handovers.
class Jobs final : public server::Source {
 public:
  // The console's end of the channel, or kInvalidHandle.
  ipc::Handle start(ipc::Handle procmgr) {
    procmgr_ = procmgr;
    if (!server_.init()) return ipc::kInvalidHandle;
    auto ends = ipc::channel_create();
    if (!ends) return ipc::kInvalidHandle;
    if (!server_.add(ends->b, this)) {
      (void)ipc::close(ends->a);
      (void)ipc::close(ends->b);
      return ipc::kInvalidHandle;
    }
    return ends->a;
  }
  void run() { (void)server_.run(); }

  void on_event(const ipc::Event& event) override {
    ipc::Message& message = ipc::take(event);
    if (message.handle_count != 1 || message.bytes != sizeof(Handover)) {
      server::HandleCloser().drop_handles(message.handles, message.handle_count);
      return;
    }
    Handover handover;
    memcpy(&handover, message.data, sizeof handover);
    handover.name[sizeof handover.name - 1] = '\0';
    ipc::Handle process = message.handles[0];
    auto* job = new (std::nothrow) Job(procmgr_, handover);
    if (job && server_.add(process, job, true)) return;
    // It runs on unwatched: its end goes unreported.
    printf("init: cannot watch %s\n", handover.name);
    delete job;
    (void)ipc::close(process);
  }

 private:
  server::Server server_;
  ipc::Handle procmgr_ = 0;
};

Jobs* jobs = nullptr;
ipc::Handle jobs_end = ipc::kInvalidHandle;  // the console's, once the thread runs

void run_jobs(void*) { jobs->run(); }

}  // namespace

void report(const char* program, int64_t status) {
  if (status >= 0 && (status & abi::kExitFault)) {
    printf("init: %s was killed by a fault (cause %ld)\n", program, long(status & 0xff));
  } else if (status >= 0) {
    printf("init: %s exited with status %ld\n", program, long(status));
  } else {
    printf("init: %s: %s\n", program, abi::error_name(sys::error_of(status)));
  }
}

// procmgr keeps an ended child's status until its parent collects it.
void reap(ipc::Handle procmgr, int64_t pid) {
  ipc::ChannelTransport transport(procmgr);
  idl::procmgr::ProcessManagerClient<ipc::ChannelTransport> client(transport);
  int64_t status = 0;
  (void)client.reap(pid, status);
}

bool run_in_background(const char* name, ipc::Handle process, int64_t pid, ipc::Handle procmgr) {
  if (jobs_end == ipc::kInvalidHandle) {
    // Made by the console's thread before the jobs thread starts: then only
    // that thread touches it.
    if (!jobs) jobs = new (std::nothrow) Jobs();
    if (!jobs) return false;
    ipc::Handle end = jobs->start(procmgr);
    if (end == ipc::kInvalidHandle || !ipc::start_thread(run_jobs, nullptr)) {
      delete jobs;  // closes its port and channel end
      jobs = nullptr;
      if (end != ipc::kInvalidHandle) (void)ipc::close(end);
      return false;
    }
    jobs_end = end;
  }
  ipc::Message& message = ipc::buffer();
  Handover handover{pid, {}};
  snprintf(handover.name, sizeof handover.name, "%s", name);
  message.bytes = sizeof handover;
  memcpy(message.data, &handover, sizeof handover);
  message.handle_count = 1;
  message.handles[0] = process;
  if (!ipc::send(jobs_end, message)) return false;
  printf("init: %s runs in the background\n", name);
  return true;
}

}  // namespace init

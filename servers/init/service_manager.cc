#include "service_manager.h"

#include <new>
#include <string.h>

#include "config.h"
#include "server/pending.h"
#include "services.idl.h"
#include "supervisor.h"

namespace init {

namespace {

using namespace idl::services;

// services.capnp bounds a name to 31 bytes, as boot.conf's are.
static_assert(kMaxName == 32);

class Endpoint final : public server::Source, public server::HandleCloser {
 public:
  Endpoint(server::Server& server, Supervisor& supervisor) : server_(server), supervisor_(supervisor) {}

  void on_call(server::Call& call) override {
    call_ = &call;
    dispatch_service_manager(*this, call.message());
    call_ = nullptr;
  }

  Status list(const ServiceManagerListParams& in, ServiceManagerListResults& out) {
    out.end = !supervisor_.describe(in.index, out.info);
    return {};
  }
  Status kill(const ServiceManagerKillParams& in, ServiceManagerKillResults&) {
    char name[kMaxName];
    return supervisor_.kill_service(terminated(in.name, name));
  }
  Status stop(const ServiceManagerStopParams& in, ServiceManagerStopResults&) {
    return parked(in.name, ServiceManagerStopParams::kOrdinal, &Supervisor::stop_service);
  }
  Status start(const ServiceManagerStartParams& in, ServiceManagerStartResults&) {
    return parked(in.name, ServiceManagerStartParams::kOrdinal, &Supervisor::start_service);
  }
  Status restart(const ServiceManagerRestartParams& in, ServiceManagerRestartResults&) {
    return parked(in.name, ServiceManagerRestartParams::kOrdinal, &Supervisor::restart_service);
  }

 private:
  // stop, start and restart wait for a process (its end, its word that it
  // serves), which a thread holding a call may not receive (docs/ipc.md):
  // the call is parked first, then answered when the request is done. All
  // this method's results are empty.
  Status parked(idl::Text text, uint16_t ordinal, Status (Supervisor::*request)(const char*)) {
    char name[kMaxName];
    terminated(text, name);  // before parking: the name is in the request's buffer
    server::Pending<ServiceManagerStopResults> pending;
    if (Status s = pending.park(*call_, server_, ordinal); !s) return s;
    Status done = (supervisor_.*request)(name);
    (void)(done ? pending.answer({}) : pending.fail(done.error()));
    return {};
  }

  // The dispatcher has checked the length against the bound.
  static const char* terminated(idl::Text text, char (&out)[kMaxName]) {
    memcpy(out, text.data, text.size);
    out[text.size] = '\0';
    return out;
  }

  server::Server& server_;
  Supervisor& supervisor_;
  server::Call* call_ = nullptr;  // the call being served
};

}  // namespace

Result<ipc::Handle> serve_service_manager(server::Server& server, Supervisor& supervisor) {
  return server.add_channel(new (std::nothrow) Endpoint(server, supervisor));
}

}  // namespace init

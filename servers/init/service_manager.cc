#include "service_manager.h"

#include <new>
#include <string.h>

#include "config.h"
#include "services.idl.h"
#include "supervisor.h"

namespace init {

namespace {

using namespace idl::services;

// services.capnp bounds a name to 31 bytes, as boot.conf's are.
static_assert(kMaxName == 32);

class Endpoint final : public server::Source, public server::HandleCloser {
 public:
  explicit Endpoint(Supervisor& supervisor) : supervisor_(supervisor) {}

  void on_call(server::Call& call) override { dispatch_service_manager(*this, call.message()); }

  Status list(const ServiceManagerListParams& in, ServiceManagerListResults& out) {
    out.end = !supervisor_.describe(in.index, out.info);
    return {};
  }
  Status kill(const ServiceManagerKillParams& in, ServiceManagerKillResults&) {
    char name[kMaxName];
    return supervisor_.kill_service(terminated(in.name, name));
  }
  Status stop(const ServiceManagerStopParams& in, ServiceManagerStopResults&) {
    char name[kMaxName];
    return supervisor_.stop_service(terminated(in.name, name));
  }
  Status start(const ServiceManagerStartParams& in, ServiceManagerStartResults&) {
    char name[kMaxName];
    return supervisor_.start_service(terminated(in.name, name));
  }
  Status restart(const ServiceManagerRestartParams& in, ServiceManagerRestartResults&) {
    char name[kMaxName];
    return supervisor_.restart_service(terminated(in.name, name));
  }

 private:
  // The dispatcher has checked the length against the bound.
  static const char* terminated(idl::Text text, char (&out)[kMaxName]) {
    memcpy(out, text.data, text.size);
    out[text.size] = '\0';
    return out;
  }

  Supervisor& supervisor_;
};

}  // namespace

Result<ipc::Handle> serve_service_manager(server::Server& server, Supervisor& supervisor) {
  return server.add_channel(new (std::nothrow) Endpoint(supervisor));
}

}  // namespace init

#include "supervisor.h"

#include <stdio.h>
#include <string.h>

#include "fs.idl.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "ipc/transport.h"
#include "power_device.h"
#include "resources.h"
#include "service_manager.h"
#include "vfs.idl.h"

namespace init {

namespace {

// One printf a line: the console thread prints too, and a line must not be
// split by its output.
void log(const char* what, const char* name, int64_t detail = 0) {
  char detail_text[24] = "";
  if (detail) snprintf(detail_text, sizeof detail_text, " (%ld)", long(detail));
  printf("init: %s %s%s at instret %lu\n", what, name, detail_text, sys::read_instret());
}

}  // namespace

Supervisor::Channel* Supervisor::find(const char* channel) {
  for (size_t i = 0; i < channel_count_; ++i) {
    if (strcmp(channels_[i].name, channel) == 0) return &channels_[i];
  }
  return nullptr;
}

const Supervisor::Channel* Supervisor::find(const char* channel) const {
  return const_cast<Supervisor*>(this)->find(channel);
}

ipc::Handle Supervisor::client_end(const char* channel) const {
  const Channel* c = find(channel);
  return c ? c->client : 0;
}

// A fresh channel: init keeps the client end (replacing a dead one).
Result<ipc::Handle> Supervisor::new_server_end(const char* channel) {
  Channel* c = find(channel);
  if (!c) {
    if (channel_count_ == kMaxChannels) return Error::NoMemory;
    c = &channels_[channel_count_++];
    strcpy(c->name, channel);
  } else if (c->client) {
    (void)ipc::close(c->client);
  }
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  c->client = pair->a;
  return pair->b;
}

Status Supervisor::start(Service& service) {
  const ServiceSpec& spec = *service.spec;
  uint32_t handles[kMaxHandles];
  size_t count = 0;
  for (size_t i = 0; i < spec.handle_count; ++i) {
    const HandleSpec& h = spec.handles[i];
    switch (h.kind) {
      case HandleKind::Resource:
        if (!lend_resource(h.name, handles, count, kMaxHandles)) return Error::NotFound;
        break;
      case HandleKind::Serve: {
        auto end = new_server_end(h.name);
        if (!end) return end.error();
        handles[count++] = *end;
        break;
      }
      case HandleKind::Connect: {
        Channel* c = find(h.name);
        if (!c || !c->client) return Error::NotFound;
        handles[count++] = c->client;
        c->client = 0;  // moved to the service
        break;
      }
      case HandleKind::Registry: {
        ipc::ChannelTransport transport(client_end(h.name));
        idl::fs::DeviceRegistryClient<ipc::ChannelTransport> registry(transport);
        ipc::Handle fresh = 0;
        TRY(registry.connect(fresh));
        handles[count++] = fresh;
        break;
      }
      case HandleKind::Clone: {
        ipc::ChannelTransport transport(client_end(h.name));
        ipc::Handle session = 0;
        TRY(idl::vfs::VfsClient<ipc::ChannelTransport>(transport).clone(false, session));
        handles[count++] = session;
        break;
      }
    }
  }
  // argv: the program, then its argument if it has one, then the clock's.
  char args[sizeof spec.program + sizeof spec.argument + 40];
  size_t length = strlen(spec.program) + 1;
  memcpy(args, spec.program, length);
  if (spec.argument[0]) {
    memcpy(args + length, spec.argument, strlen(spec.argument) + 1);
    length += strlen(spec.argument) + 1;
  }
  if (spec.clock && wall_clock_epoch_ns() != 0) {
    length += size_t(snprintf(args + length, 40, "--epoch-ns=%ld", wall_clock_epoch_ns())) + 1;
  }
  auto ready = ipc::channel_create();
  if (!ready) return ready.error();
  auto process = ipc::spawn_from_archive(spec.program, {args, length}, {handles, count}, ready->a);
  if (!process) {
    (void)ipc::close(ready->a);
    (void)ipc::close(ready->b);
    return process.error();
  }
  auto watched = server_.add(*process, &service);
  if (!watched) {
    // Unwatched, it could never be restarted: it does not run at all.
    (void)sys::process_kill(*process);
    (void)ipc::close(*process);
    (void)ipc::close(ready->b);
    return watched.error();
  }
  service.ready = ready->b;
  service.process = *process;
  service.key = *watched;
  service.started_at = sys::read_time();
  return {};
}

void Supervisor::start_all() {
  if (!server_.init()) return;
  for (size_t i = 0; i < config_.service_count; ++i) {
    const ServiceSpec& spec = config_.services[i];
    if (spec.device[0] && !configured(spec.device)) {
      // No such device on this machine (no disk): nothing to serve.
      printf("init: no %s: %s not started\n", spec.device, spec.name);
      continue;
    }
    services_[i].supervisor = this;
    services_[i].spec = &spec;
    Status s = start(services_[i]);
    if (s) log("started", config_.services[i].name);
    else printf("init: cannot start %s: %s\n", config_.services[i].name, abi::error_name(s.error()));
  }
  for (size_t i = 0; i < config_.mount_count; ++i) {
    if (served_by_started(config_.mounts[i].channel)) mount(config_.mounts[i]);
  }
  // After the mounts: a service may need one to start (fatfs opens its
  // disk through /dev). All started at once, they share one deadline.
  uint64_t deadline = ipc::deadline_in_ms(kReadyTimeoutMs);
  for (Service& service : services_) {
    if (service.ready) (void)serving(service, deadline);
  }
}

bool Supervisor::serving(Service& service, uint64_t deadline) {
  ipc::Event event = ipc::channel_recv(service.ready, deadline);
  // The message carries nothing; handles one brought are not kept.
  for (uint32_t i = 0; event.ok() && i < event.handle_count(); ++i) (void)ipc::close(ipc::buffer().handles[i]);
  (void)ipc::close(service.ready);
  service.ready = 0;
  if (event.error() == Error::TimedOut) log("did not say it serves in time:", service.spec->name);
  if (event.error() != Error::PeerClosed) return true;
  // Its end closed unsaid: it is ending (unless it closed the end itself).
  int64_t status = ipc::wait(service.process, deadline);
  if (status == int64_t(Error::TimedOut)) return true;
  server_.remove(service.key);  // so the watch loop does not handle its end again
  ended(service, status);
  return false;
}

bool Supervisor::configured(const char* service) const {
  for (size_t i = 0; i < config_.service_count; ++i) {
    if (strcmp(config_.services[i].name, service) == 0) return true;
  }
  return false;
}

// A mount whose file system was not started (its device missing) is
// skipped: the service's log line said why.
bool Supervisor::served_by_started(const char* channel) const {
  for (size_t i = 0; i < config_.service_count; ++i) {
    if (!services_[i].spec && holds(config_.services[i], HandleKind::Serve, channel)) return false;
  }
  return true;
}

void Supervisor::mount(const MountSpec& m) {
  // The root is the file system vfs was started with (connect:); its line
  // says which channel that is, for re-wiring it after a restart.
  if (strcmp(m.path, "/") == 0) return;
  ipc::Handle vfs = client_end("vfs");
  Channel* fs = find(m.channel);
  if (!vfs || !fs || !fs->client) {
    printf("init: cannot mount %s: no %s\n", m.path, vfs ? m.channel : "vfs");
    return;
  }
  ipc::ChannelTransport transport(vfs);
  idl::vfs::VfsClient<ipc::ChannelTransport> client(transport);
  // The mount point may not exist in the root file system yet.
  (void)client.mkdir(idl::Text{m.path, uint32_t(strlen(m.path))}, 0755);
  ipc::Handle end = fs->client;
  fs->client = 0;  // the mount takes it
  Status s = client.mount(end, idl::Text{m.path, uint32_t(strlen(m.path))}, 0);
  if (!s) printf("init: cannot mount %s: %s\n", m.path, abi::error_name(s.error()));
}

bool Supervisor::holds(const ServiceSpec& spec, HandleKind kind, const char* channel) {
  for (size_t h = 0; h < spec.handle_count; ++h) {
    if (spec.handles[h].kind == kind && strcmp(spec.handles[h].name, channel) == 0) return true;
  }
  return false;
}

void Supervisor::rewire(const Service& service) {
  for (size_t h = 0; h < service.spec->handle_count; ++h) {
    const HandleSpec& served = service.spec->handles[h];
    if (served.kind != HandleKind::Serve) continue;
    bool mounted = false;
    for (size_t i = 0; i < config_.mount_count; ++i) {
      const MountSpec& m = config_.mounts[i];
      Channel* c = find(m.channel);
      if (strcmp(m.channel, served.name) != 0 || !c || !c->client) continue;
      mounted = true;
      ipc::ChannelTransport transport(client_end("vfs"));
      idl::vfs::VfsClient<ipc::ChannelTransport> vfs(transport);
      ipc::Handle end = c->client;
      c->client = 0;  // vfs takes it
      Status s = vfs.replace(idl::Text{m.path, uint32_t(strlen(m.path))}, end);
      if (!s) printf("init: cannot re-mount %s: %s\n", m.path, abi::error_name(s.error()));
    }
    if (mounted) continue;
    for (Service& other : services_) {
      if (!other.spec || !other.process || &other == &service) continue;
      if (!holds(*other.spec, HandleKind::Connect, served.name) &&
          !holds(*other.spec, HandleKind::Registry, served.name) &&
          !holds(*other.spec, HandleKind::Clone, served.name)) {
        continue;
      }
      log("restarting", other.spec->name, 0);
      // It may end by itself first, its channel to the dead server gone.
      other.stopped_by_init = true;
      (void)sys::process_kill(other.process);  // watch() starts it again
    }
  }
}

bool Supervisor::broken_after(Service& service, int64_t status) {
  bool quick = sys::read_time() - service.started_at < ipc::ticks_from_ms(kQuickFailureMs);
  bool stopped = service.stopped_by_init;
  service.stopped_by_init = false;
  // A device's service that exits by itself (no kill, no fault) from its
  // first start refused the device (a disk that is not FAT), however long
  // that took: starting it again would find the same.
  bool exited = status >= 0 && status < abi::kExitKilled;
  if (!stopped && exited && service.spec->device[0] && service.restarts == 0) return true;
  if (stopped || status == abi::kExitKilled || !quick) {
    service.quick_failures = 0;
    return false;
  }
  return ++service.quick_failures == kMaxQuickFailures;
}

Result<Supervisor::Service*> Supervisor::named(const char* name) {
  for (Service& s : services_) {
    if (s.spec && strcmp(s.spec->name, name) == 0) return &s;
  }
  return Error::NotFound;
}

bool Supervisor::describe(size_t index, idl::services::ServiceInfo& info) const {
  using idl::services::ServiceState;
  if (index >= config_.service_count) return false;
  const Service& s = services_[index];
  const char* name = config_.services[index].name;
  info.name = idl::Text{name, uint32_t(strlen(name))};
  info.restarts = s.restarts;
  if (!s.spec) info.state = ServiceState::Absent;
  else if (s.process) info.state = ServiceState::Running;
  else if (s.held) info.state = ServiceState::Stopped;
  else if (s.broken) info.state = ServiceState::Broken;
  else info.state = ServiceState::Ended;
  return true;
}

Result<Supervisor::Service*> Supervisor::named_for_ending(const char* name) {
  auto found = named(name);
  if (found && (*found)->spec->restart == Restart::Essential) return Error::AccessDenied;
  return found;
}

Status Supervisor::kill_service(const char* name) {
  auto found = named_for_ending(name);
  if (!found) return found.error();
  Service* s = *found;
  if (!s->process) return Error::BadState;
  int64_t killed = sys::process_kill(s->process);
  return killed < 0 ? Status(sys::error_of(killed)) : Status{};
}

void Supervisor::end_now(Service& service) {
  (void)sys::process_kill(service.process);
  int64_t status = ipc::wait(service.process);
  server_.remove(service.key);  // its exit, maybe queued already, finds no source
  service.process = 0;
  log("service ended:", service.spec->name, status);
}

Status Supervisor::stop_service(const char* name) {
  auto found = named_for_ending(name);
  if (!found) return found.error();
  Service* s = *found;
  if (!s->process) return Error::BadState;
  s->held = true;
  end_now(*s);
  return {};
}

Status Supervisor::start_service(const char* name) {
  auto found = named(name);
  if (!found) return found.error();
  Service* s = *found;
  if (s->process) return Error::BadState;
  return start_on_request(*s);
}

Status Supervisor::restart_service(const char* name) {
  auto found = named_for_ending(name);
  if (!found) return found.error();
  Service* s = *found;
  if (s->process) end_now(*s);
  return start_on_request(*s);
}

Status Supervisor::start_on_request(Service& service) {
  // What kept it from running is over; failures count afresh.
  service.held = false;
  service.broken = false;
  service.quick_failures = 0;
  return start_again(service);
}

Result<ipc::Handle> Supervisor::manager_end() { return serve_service_manager(server_, *this); }

void Supervisor::watch() { (void)server_.run(); }

void Supervisor::ended(Service& service, int64_t status) {
  log("service ended:", service.spec->name, status);
  service.process = 0;  // the server closes the handle
  if (service.spec->restart == Restart::Essential) {
    printf("init: %s is essential and ended: the system cannot go on without it; powering off\n",
           service.spec->name);
    (void)sync_and_power_off(client_end("vfs"));
    printf("init: cannot power off\n");
    return;
  }
  if (service.spec->restart != Restart::Always) return;
  if (broken_after(service, status)) {
    service.broken = true;
    if (service.restarts == 0) printf("init: %s failed on its first start; not restarting it\n", service.spec->name);
    else printf("init: %s failed %u times in a row; not restarting it\n", service.spec->name, kMaxQuickFailures);
    return;
  }
  (void)start_again(service);
}

Status Supervisor::start_again(Service& service) {
  ++service.restarts;
  Status s = start(service);
  if (!s) {
    printf("init: cannot restart %s: %s\n", service.spec->name, abi::error_name(s.error()));
    return s;
  }
  if (!serving(service, ipc::deadline_in_ms(kReadyTimeoutMs))) return Error::PeerClosed;  // it ended again
  rewire(service);
  // Logged once it serves again, and where it did: a client may use it now.
  log("restarted", service.spec->name);
  return {};
}

}  // namespace init

// An event source's link to the port it is bound to: its one packet (so
// posting never allocates) and a reference to the port.
#pragma once

#include <cstdint>

#include "ipc/port.h"
#include "object/ref_ptr.h"

namespace kernel {

class PortBinding {
 public:
  PortBinding() = default;
  PortBinding(const PortBinding&) = delete;
  PortBinding& operator=(const PortBinding&) = delete;
  ~PortBinding() { unbind(); }

  // Binds to port with kind and badge, replacing (and withdrawing) any
  // earlier binding.
  void bind(Port& port, abi::EventKind kind, uint64_t badge) {
    RefPtr<Port> held(&port);  // before the old goes: it may be the same port
    unbind();
    port_ = std::move(held);
    packet_.kind = kind;
    packet_.badge = badge;
  }
  void unbind() {
    if (!port_) return;
    Port::withdraw(packet_);
    port_.reset();
  }
  bool bound() const { return bool(port_); }
  Port* port() const { return port_.get(); }
  // The packet waits on the port, not taken yet.
  bool posted() const { return packet_.queued(); }
  // Takes the packet back from the port if it waits there; true if it did.
  bool withdraw() {
    if (!posted()) return false;
    Port::withdraw(packet_);
    return true;
  }
  // Posts the packet (once until it is taken) if bound.
  void post(uint64_t word = 0) {
    if (!port_) return;
    packet_.word = word;
    port_->post(packet_);
  }

 private:
  RefPtr<Port> port_;
  PortPacket packet_;
};

}  // namespace kernel

// An event source's link to the port it is bound to: its one packet (so
// posting never allocates) and a reference to the port.
#pragma once

#include <cstdint>

#include "ipc/port.h"

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
    port.retain();
    unbind();
    port_ = &port;
    packet_.kind = kind;
    packet_.badge = badge;
  }
  void unbind() {
    if (!port_) return;
    Port::withdraw(packet_);
    port_->release();
    port_ = nullptr;
  }
  // Posts the packet (once until it is taken) if bound.
  void post(uint64_t word = 0) {
    if (!port_) return;
    packet_.word = word;
    port_->post(packet_);
  }

 private:
  Port* port_ = nullptr;
  PortPacket packet_;
};

}  // namespace kernel

// Time in user space: the timebase (sys::read_time(), rdtime) counts at the
// frequency the device tree gives, which the kernel passes every program it
// loads in auxv (abi::kAuxTimebase). Every deadline and sleep is in these
// ticks; convert through here, never with a constant.
#pragma once

#include <cstdint>

#include "abi/syscall.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"

namespace ipc {

// Ticks per second; 0 if the program's loader did not pass the timebase.
inline uint64_t ticks_per_second() { return aux_value(abi::kAuxTimebase); }

inline uint64_t ticks_from_ms(uint64_t ms) { return ms * ticks_per_second() / 1000; }

// Nanoseconds in `ticks` (split so that no tick count overflows); the
// caller makes sure the timebase is known (ticks_per_second() != 0).
inline uint64_t ns_from_ticks(uint64_t ticks) {
  uint64_t per_second = ticks_per_second();
  return ticks / per_second * 1'000'000'000 + ticks % per_second * 1'000'000'000 / per_second;
}

// The deadline ms milliseconds from now.
inline uint64_t deadline_in_ms(uint64_t ms) { return sys::read_time() + ticks_from_ms(ms); }

}  // namespace ipc

// Victims: small processes the fuzzer builds from scratch (process_create,
// mem_map_at, process_write, thread_start) that spin, yield or sleep for a
// few milliseconds and then exit, so that random kills, waits and handle
// closes meet processes whose threads are running, preempted, ready or
// asleep, as a hostile parent's would.
#pragma once

#include <cstdint>

#include "random.h"
#include "world.h"

namespace fuzz {

// Builds one victim and puts its handle in the pool; false if the kernel
// refused a step (the half-built process is dropped).
bool make_victim(Random& r, World& world);

}  // namespace fuzz

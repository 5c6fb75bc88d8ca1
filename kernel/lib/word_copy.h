// Copying between two 8-byte-aligned places that do not overlap: the
// kernel's payload copy, IPC buffer to IPC buffer (ipc/buffer_pages.h).
// Close to the floor of one load and one store a word: whole blocks of 64
// words in a loop, then what is left in groups of 8 and in words without a
// loop (a jump into a straight run), the last bytes of an unaligned length
// one by one. Every group's loads come before its stores, so that a core
// that waits for a load waits once a group.
#pragma once

#include <cstdint>

namespace kernel {

// Copies bytes [0, length) of from to to. Both are 8-byte aligned; the
// ranges do not overlap. Writes no byte of to past length. Returns
// `result` unchanged: a caller whose last step is the copy passes what it
// returns, and so reaches the copy by a tail call, with no frame of its own.
void* copy_aligned(uint8_t* to, const uint8_t* from, uint64_t length, void* result = nullptr);

}  // namespace kernel

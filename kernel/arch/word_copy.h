// Copying between two 8-byte-aligned places that do not overlap: the
// kernel's payload copy, IPC buffer to IPC buffer (ipc/buffer_pages.h).
// Close to the floor of one load and one store a word: whole blocks of 128
// words in a loop, each in groups of 8 whose loads come before their
// stores (a core that waits for a load waits once a group); then the
// fewer than 128 words left by one jump into a straight run of them, word
// by word (no loop, and one jump, not one per group and one per word: the
// instructions a copy's entry and exit take weigh more, for an IPC
// payload of at most 508 words, than those waits); the last bytes of an
// unaligned length one by one. In assembly (word_copy.S): the run is of
// fixed 4-byte instructions, so the jump's target is computed from the
// count, with no table. Host tests link a plain copy in its place
// (tests/host/fake_kernel); ipctest's `longmessages` checks this one at
// every IPC length.
#pragma once

#include <cstdint>

namespace kernel {

// Copies bytes [0, length) of from to to. Both are 8-byte aligned; the
// ranges do not overlap. Writes no byte of to past length. Returns
// `result` unchanged: a caller whose last step is the copy passes what it
// returns, and so reaches the copy by a tail call, with no frame of its own.
// (`result` first: it stays in a0, the return register, throughout. A
// leaf that cannot panic: no frame, no frame pointer.)
extern "C" void* copy_aligned(void* result, uint8_t* to, const uint8_t* from, uint64_t length);

}  // namespace kernel

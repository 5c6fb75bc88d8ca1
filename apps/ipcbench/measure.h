// Measuring in guest instructions: rdinstret before and after each
// operation (under -icount shift=0 every instruction counts once, kernel
// and firmware included), the median over many operations, printed as
// "name value unit". The two rdinstret reads are part of every sample.
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "ipc/syscall.h"

namespace bench {

constexpr int kSamples = 10'000;
constexpr int kWarmup = 200;

uint64_t median(uint64_t* samples, int count);

inline void report(const char* name, uint64_t value, const char* unit) { printf("%s %lu %s\n", name, value, unit); }

// rdinstret counts guest instructions only under QEMU's -icount; nothing in
// the guest can tell, so whoever passes -icount also passes the argument
// --icount (run.py does both). Without it the program says, before its
// figures, that they are not instruction counts.
void say_what_figures_count(const char* program, int argc, char** argv);

// The median instruction count of op() over `count` runs.
template <typename Op>
uint64_t measure(Op op, int count = kSamples) {
  static uint64_t samples[kSamples];
  for (int i = 0; i < kWarmup; ++i) op();
  for (int i = 0; i < count; ++i) {
    uint64_t start = sys::read_instret();
    op();
    samples[i] = sys::read_instret() - start;
  }
  return median(samples, count);
}

}  // namespace bench

#include "measure.h"

#include <string.h>

namespace bench {

// Quickselect (Hoare partition): the middle element, in O(n) on average.
uint64_t median(uint64_t* samples, int count) {
  int k = count / 2;
  int lo = 0, hi = count - 1;
  while (lo < hi) {
    uint64_t pivot = samples[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (samples[i] < pivot) ++i;
      while (samples[j] > pivot) --j;
      if (i <= j) {
        uint64_t t = samples[i];
        samples[i] = samples[j];
        samples[j] = t;
        ++i;
        --j;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return samples[k];
}

void say_what_figures_count(const char* program, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--icount") == 0) return;
  }
  printf("%s: not run under -icount (no --icount): the figures are not instruction counts, "
         "and vary from run to run\n", program);
}

}  // namespace bench

// getopt over impl/getopt_impl.h, its state in POSIX's globals.
#include <getopt.h>
#include <stdio.h>

#include "impl/getopt_impl.h"

namespace {

tessera::libc::GetoptState state;

// glibc's wording, so that scripts and tests read the same messages.
void report(const char* program, char option, bool missing) {
  if (missing) fprintf(stderr, "%s: option requires an argument -- '%c'\n", program, option);
  else fprintf(stderr, "%s: invalid option -- '%c'\n", program, option);
}

}  // namespace

extern "C" {

char* optarg;
int optind = 1;
int opterr = 1;
int optopt;

int getopt(int argc, char* const argv[], const char* optstring) {
  state.optind = optind;
  state.opterr = opterr;
  int c = tessera::libc::getopt(state, argc, argv, optstring, report);
  optarg = state.optarg;
  optind = state.optind;
  optopt = state.optopt;
  return c;
}

}  // extern "C"

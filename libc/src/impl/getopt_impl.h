// getopt's body (POSIX.1-2008), as inline code in tessera::libc over an
// explicit state, for getopt.cc (which keeps the state in the globals
// optarg, optind, opterr, optopt) and the host tests. No argument
// permutation: parsing stops at the first operand, at "-" and after "--".
#pragma once

namespace tessera::libc {

struct GetoptState {
  char* optarg = nullptr;
  int optind = 1;
  int opterr = 1;
  int optopt = 0;
  // Where in argv[next_index] the next option character is: a group such
  // as "-abc" is read one letter a call.
  int next_index = 0;
  int next_position = 0;
};

// Called for a diagnostic when opterr is set and optstring does not start
// with ':'. missing: the option needs an argument; else it is unknown.
using GetoptReport = void (*)(const char* program, char option, bool missing);

inline int getopt(GetoptState& s, int argc, char* const argv[], const char* optstring, GetoptReport report) {
  if (s.optind == 0) {  // glibc's way to start over
    s.optind = 1;
    s.next_index = 0;
  }
  s.optarg = nullptr;
  if (*optstring == '+') ++optstring;  // GNU's "do not permute": what this getopt always does
  bool colon = *optstring == ':';
  // A new scan (or optind moved by the caller) starts at the element's first letter.
  if (s.next_index != s.optind) {
    if (s.optind >= argc || !argv[s.optind] || argv[s.optind][0] != '-' || argv[s.optind][1] == '\0') return -1;
    if (argv[s.optind][1] == '-' && argv[s.optind][2] == '\0') {
      ++s.optind;
      return -1;
    }
    s.next_index = s.optind;
    s.next_position = 1;
  }
  const char* element = argv[s.optind];
  char c = element[s.next_position++];
  const char* spec = c == ':' ? nullptr : optstring + colon;
  while (spec && *spec && *spec != c) ++spec;
  bool last_in_element = element[s.next_position] == '\0';
  auto next_element = [&] {
    ++s.optind;
    s.next_index = 0;
  };
  if (!spec || !*spec) {
    s.optopt = c;
    if (last_in_element) next_element();
    if (s.opterr && !colon) report(argv[0], c, false);
    return '?';
  }
  if (spec[1] != ':') {
    if (last_in_element) next_element();
    return c;
  }
  // The argument is the rest of this element, or the next element.
  if (!last_in_element) {
    s.optarg = const_cast<char*>(element + s.next_position);
    next_element();
    return c;
  }
  next_element();
  if (s.optind >= argc) {
    s.optopt = c;
    if (colon) return ':';
    if (s.opterr) report(argv[0], c, true);
    return '?';
  }
  s.optarg = argv[s.optind];
  ++s.optind;
  return c;
}

}  // namespace tessera::libc

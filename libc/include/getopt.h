// getopt (POSIX.1-2008), which <unistd.h> also declares. Options are read
// until the first operand, "-" or "--" (no GNU argument permutation; a
// leading '+' in optstring is accepted and changes nothing). Setting optind
// to 0 starts a new scan (as in glibc); so does 1 once a scan has ended.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

extern char* optarg;
extern int optind;
extern int opterr;
extern int optopt;

// Returns the next option letter; '?' for an unknown option (in optopt) or
// a missing argument, which is ':' instead if optstring starts with ':';
// -1 after the last option. Diagnostics go to stderr unless opterr is 0 or
// optstring starts with ':'.
int getopt(int argc, char* const argv[], const char* optstring);

#ifdef __cplusplus
}
#endif

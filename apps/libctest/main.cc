// libctest: the parts of libc that only the target can show, checked on
// the running system; each subcommand prints "PASS <name>" or
// "FAIL <name>: why" for the QEMU tests (tests/qemu/libc_test.py).
//   setjmp    longjmp back through frames restores ra, sp, s0-s11, fs0-fs11
//   clock     CLOCK_REALTIME agrees with /dev/rtc; MONOTONIC never goes back
//             (needs the full system: the rtc service and /dev)
//   sleep     nanosleep, usleep and sleep last at least the time asked
//   numbers   printf, strtod and sscanf on the target, long double
//             (binary128) among them
//   math      <math.h> on the target (binary128 in soft-float)
//   env       environ, getenv, setenv, unsetenv, putenv
#include <stdio.h>
#include <string.h>

#include "libctest.h"

namespace libctest {

bool check(bool ok, const char* test, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", test, why);
  return ok;
}

}  // namespace libctest

int main(int argc, char** argv, char** envp) {
  using namespace libctest;
  if (argc != 2) {
    printf("usage: libctest setjmp|clock|sleep|numbers|math|env\n");
    return 2;
  }
  const char* name = argv[1];
  int status = strcmp(name, "setjmp") == 0    ? test_setjmp()
               : strcmp(name, "clock") == 0   ? test_clock()
               : strcmp(name, "sleep") == 0   ? test_sleep()
               : strcmp(name, "numbers") == 0 ? test_numbers()
               : strcmp(name, "math") == 0    ? test_math()
               : strcmp(name, "env") == 0     ? test_environment(envp)
                                              : 2;
  if (status == 0) printf("PASS %s\n", name);
  if (status == 2) printf("libctest: unknown test %s\n", name);
  return status;
}

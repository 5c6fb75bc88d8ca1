// libctest env: environ is main's envp at start; setenv, putenv and
// unsetenv change what getenv and environ show.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libctest.h"

namespace libctest {

namespace {

int count(char** variables) {
  int n = 0;
  while (variables[n]) ++n;
  return n;
}

bool listed(const char* entry) {
  for (char** e = environ; *e; ++e) {
    if (strcmp(*e, entry) == 0) return true;
  }
  return false;
}

}  // namespace

int test_environment(char** envp) {
  const char* name = "env";
  static char put_entry[] = "PUT=by putenv";
  int start = count(envp);
  bool ok = check(environ == envp, name, "environ is not main's envp");
  ok = ok && check(setenv("LIBCTEST", "one", 0) == 0 && strcmp(getenv("LIBCTEST"), "one") == 0, name, "setenv") &&
       check(setenv("LIBCTEST", "two", 0) == 0 && strcmp(getenv("LIBCTEST"), "one") == 0, name,
             "setenv without overwrite replaced") &&
       check(setenv("LIBCTEST", "two", 1) == 0 && strcmp(getenv("LIBCTEST"), "two") == 0, name, "setenv overwrite") &&
       check(listed("LIBCTEST=two") && count(environ) == start + 1, name, "environ does not show setenv") &&
       check(putenv(put_entry) == 0 && getenv("PUT") == put_entry + 4, name, "putenv does not use its string");
  put_entry[4] = 'B';
  ok = ok && check(strcmp(getenv("PUT"), "By putenv") == 0, name, "putenv copied its string") &&
       check(unsetenv("LIBCTEST") == 0 && !getenv("LIBCTEST") && count(environ) == start + 1, name, "unsetenv") &&
       check(unsetenv("NEVER_SET") == 0, name, "unsetenv of a missing name");
  static const char* const kBadNames[] = {"", "A=B"};
  for (const char* bad : kBadNames) {
    errno = 0;
    ok = ok && check(setenv(bad, "x", 1) == -1 && errno == EINVAL, name, "setenv accepted a bad name");
  }
  return ok ? 0 : 1;
}

}  // namespace libctest

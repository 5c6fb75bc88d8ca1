#include <string.h>

#include "vfstest.h"

namespace {

struct Test {
  const char* name;
  int (*run)();
};

const Test kTests[] = {
    {"files", vfstest::files},   {"mounts", vfstest::mounts},           {"clones", vfstest::clones},
    {"binds", vfstest::binds},   {"crossdevice", vfstest::crossdevice}, {"errors", vfstest::errors},
    {"selfmount", vfstest::selfmount}, {"sessions", vfstest::sessions},
    {"rights", vfstest::rights}, {"hungfs", vfstest::hungfs},  {"notdir", vfstest::notdir},
    {"limits", vfstest::limits}, {"replace", vfstest::replace}, {"backlog", vfstest::backlog},
    {"fullfs", vfstest::fullfs},
};

}  // namespace

// vfstest [check...]: runs the named checks, or all of them.
int main(int argc, char** argv) {
  int failures = 0;
  for (const Test& t : kTests) {
    bool wanted = argc < 2;
    for (int i = 1; i < argc; ++i) wanted |= strcmp(argv[i], t.name) == 0;
    if (wanted) failures += t.run();
  }
  for (int i = 1; i < argc; ++i) {
    bool known = false;
    for (const Test& t : kTests) known |= strcmp(argv[i], t.name) == 0;
    if (!known) {
      printf("vfstest: no check named %s\n", argv[i]);
      return 2;
    }
  }
  return failures;
}

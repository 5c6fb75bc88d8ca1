#include <string.h>

#include "ipctest.h"

namespace {

struct Test {
  const char* name;
  int (*run)();
};

const Test kTests[] = {
    {"errors", ipctest::errors},       {"peerclosed", ipctest::peer_closed}, {"queuefull", ipctest::queue_full},
    {"toolarge", ipctest::too_large},  {"transfer", ipctest::transfer},      {"serverdies", ipctest::server_dies},
    {"timeouts", ipctest::timeouts},   {"concurrent", ipctest::concurrent},  {"many", ipctest::many_calls},
    {"regressions", ipctest::regressions}, {"registers", ipctest::registers},
    {"deferred", ipctest::deferred},   {"longmessages", ipctest::long_messages},
    {"sourceorder", ipctest::source_order}, {"handlemoves", ipctest::handle_moves},
};

struct Role {
  const char* name;
  int (*run)(int, char**);
};

const Role kRoles[] = {
    {"serve-echo", ipctest::serve_echo},
    {"serve-and-die", ipctest::serve_and_die},
    {"client", ipctest::client},
    {"serve-dirty", ipctest::serve_dirty},
    {"spin-dirty", ipctest::spin_dirty},
    {"serve-complement", ipctest::serve_complement},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("usage: ipctest <test>...\n");
    return 2;
  }
  for (const Role& r : kRoles) {
    if (strcmp(argv[1], r.name) == 0) return r.run(argc, argv);
  }
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    const Test* found = nullptr;
    for (const Test& t : kTests) {
      if (strcmp(t.name, argv[i]) == 0) found = &t;
    }
    if (!found) {
      printf("ipctest: no test named %s\n", argv[i]);
      return 2;
    }
    int failed = found->run();
    if (failed == 0) printf("PASS %s\n", found->name);
    failures += failed;
  }
  return failures;
}

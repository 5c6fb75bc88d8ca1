// From the initial stack to main(): argv, envp, auxv, static constructors, exit.
#include <stdlib.h>
#include <sys/auxv.h>

#include "ipc/startup.h"
#include "posix/process_state.h"

extern "C" int main(int argc, char** argv, char** envp);

using Constructor = void (*)();
extern "C" Constructor __preinit_array_start[] __attribute__((weak));
extern "C" Constructor __preinit_array_end[] __attribute__((weak));
extern "C" Constructor __init_array_start[] __attribute__((weak));
extern "C" Constructor __init_array_end[] __attribute__((weak));

char** environ;

// Descriptors, working directory and standard streams, after libipc's own
// start-up (constructor 101) and before the program's constructors.
__attribute__((constructor(102))) static void start_posix() { tessera::posix::start(); }

unsigned long getauxval(unsigned long type) { return ipc::aux_value(type); }

extern "C" [[noreturn]] void __libc_start(long* stack) {
  int argc = static_cast<int>(stack[0]);
  char** argv = reinterpret_cast<char**>(stack + 1);
  environ = argv + argc + 1;
  char** end_of_environ = environ;
  while (*end_of_environ) ++end_of_environ;
  ipc::set_auxv(reinterpret_cast<const uint64_t*>(end_of_environ + 1));
  for (Constructor* c = __preinit_array_start; c < __preinit_array_end; ++c) (*c)();
  for (Constructor* c = __init_array_start; c < __init_array_end; ++c) (*c)();
  exit(main(argc, argv, environ));
}

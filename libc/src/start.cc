// From the initial stack to main(): argv, envp, static constructors, exit.
#include <stdlib.h>

extern "C" int main(int argc, char** argv, char** envp);

using Constructor = void (*)();
extern "C" Constructor __preinit_array_start[] __attribute__((weak));
extern "C" Constructor __preinit_array_end[] __attribute__((weak));
extern "C" Constructor __init_array_start[] __attribute__((weak));
extern "C" Constructor __init_array_end[] __attribute__((weak));

char** environ;

extern "C" [[noreturn]] void __libc_start(long* stack) {
  int argc = static_cast<int>(stack[0]);
  char** argv = reinterpret_cast<char**>(stack + 1);
  environ = argv + argc + 1;
  for (Constructor* c = __preinit_array_start; c < __preinit_array_end; ++c) (*c)();
  for (Constructor* c = __init_array_start; c < __init_array_end; ++c) (*c)();
  exit(main(argc, argv, environ));
}

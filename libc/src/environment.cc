// The environment: environ (set from main's envp at start), getenv and
// the calls that change it, over impl/environment_impl.h.
#include <stdlib.h>

#include "impl/environment_impl.h"
#include "impl/stdlib_impl.h"

extern char** environ;

namespace {

// Never destroyed: atexit handlers and static destructors may still read
// the environment while exit() runs.
union Forever {
  tessera::libc::Environment value;
  constexpr Forever() : value(environ) {}
  ~Forever() {}
};
constinit Forever environment;

}  // namespace

extern "C" {

char* getenv(const char* name) { return tessera::libc::find_environment(environ, name); }

int setenv(const char* name, const char* value, int overwrite) { return environment.value.set(name, value, overwrite != 0); }

int unsetenv(const char* name) { return environment.value.unset(name); }

int putenv(char* entry) { return environment.value.put(entry); }

}  // extern "C"

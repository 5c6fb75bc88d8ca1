// sync: asks every file system to write what it holds to its device.
#include <unistd.h>

#include "lib/report.h"

using namespace coreutils;

int main(int argc, char**) {
  set_program_name("sync");
  if (argc != 1) return usage("");
  sync();
  return kExitOk;
}

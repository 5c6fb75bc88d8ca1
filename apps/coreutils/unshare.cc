// unshare COMMAND [ARG...]: runs the command in a private copy of the
// caller's mountspace, so that its mounts (mount --bind, umount) are its
// own and its children's; exits with the command's status, 127 if it was
// not found, 126 if it could not be started (lib/mountspace.h).
#include <errno.h>

#include "lib/mountspace.h"
#include "lib/options.h"
#include "lib/report.h"

extern char** environ;

using namespace coreutils;

int main(int argc, char** argv) {
  set_program_name("unshare");
  if (next_option(argc, argv, "") != -1 || optind == argc) return usage("command [arg...]");
  int status = 0;
  if (run_in_private_mountspace(argv + optind, environ, status) != 0) {
    int error = errno;
    report_errno(argv[optind]);
    return error == ENOENT ? 127 : 126;
  }
  return status;
}

#include "destination.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "path.h"
#include "report.h"

namespace coreutils {

bool find_destination(int source_count, const char* operand, Destination& out) {
  struct stat st;
  out.operand = operand;
  out.is_directory = stat(operand, &st) == 0 && S_ISDIR(st.st_mode);
  if (source_count > 1 && !out.is_directory) {
    errno = ENOTDIR;
    report_errno(operand);
    return false;
  }
  return true;
}

char* destination_for(const char* source, const Destination& destination) {
  if (!destination.is_directory) return strdup(destination.operand);
  char* name = path_last_name(source);
  if (!name) return nullptr;
  char* out = path_join(destination.operand, name);
  free(name);
  return out;
}

}  // namespace coreutils

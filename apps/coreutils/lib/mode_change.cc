#include "mode_change.h"

#include <string.h>
#include <sys/stat.h>

namespace coreutils {

namespace {

constexpr mode_t kUser = S_IRWXU | S_ISUID, kGroup = S_IRWXG | S_ISGID, kOther = S_IRWXO;

bool parse_octal(const char* spec, mode_t& out) {
  mode_t value = 0;
  for (const char* p = spec; *p; ++p) {
    if (*p < '0' || *p > '7') return false;
    value = value * 8 + mode_t(*p - '0');
    if (value > 07777) return false;
  }
  out = value;
  return *spec != '\0';
}

// The bits of the permission letters at p for the classes in who.
mode_t permission_bits(char letter, mode_t who, mode_t current, bool directory) {
  switch (letter) {
    case 'r': return who & (S_IRUSR | S_IRGRP | S_IROTH);
    case 'w': return who & (S_IWUSR | S_IWGRP | S_IWOTH);
    case 'x': return who & (S_IXUSR | S_IXGRP | S_IXOTH);
    // X: execute where it makes sense, for a directory or a file someone may run already.
    case 'X':
      return directory || (current & (S_IXUSR | S_IXGRP | S_IXOTH)) ? who & (S_IXUSR | S_IXGRP | S_IXOTH) : 0;
    case 's': return who & (S_ISUID | S_ISGID);
    case 't': return S_ISVTX;
  }
  return 0;
}

}  // namespace

bool change_mode(const char* spec, mode_t current, bool directory, mode_t umask, mode_t& out) {
  if (*spec >= '0' && *spec <= '9') return parse_octal(spec, out);
  mode_t mode = current & 07777;
  const char* p = spec;
  for (;;) {
    mode_t who = 0;
    for (;; ++p) {
      if (*p == 'u') who |= kUser;
      else if (*p == 'g') who |= kGroup;
      else if (*p == 'o') who |= kOther;
      else if (*p == 'a') who |= kUser | kGroup | kOther;
      else break;
    }
    bool masked = who == 0;
    if (masked) who = kUser | kGroup | kOther;
    if (*p != '+' && *p != '-' && *p != '=') return false;
    while (*p == '+' || *p == '-' || *p == '=') {
      char op = *p++;
      mode_t bits = 0;
      for (; *p && *p != ',' && *p != '+' && *p != '-' && *p != '='; ++p) {
        if (!strchr("rwxXst", *p)) return false;
        bits |= permission_bits(*p, who, mode, directory);
      }
      if (masked) bits &= ~umask;
      if (op == '+') mode |= bits;
      else if (op == '-') mode &= ~bits;
      else mode = (mode & ~(who & ~mode_t(S_ISVTX))) | bits;
    }
    if (*p == '\0') break;
    if (*p++ != ',') return false;
  }
  out = mode;
  return true;
}

}  // namespace coreutils

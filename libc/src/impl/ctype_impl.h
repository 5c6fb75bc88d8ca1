// The bodies of <ctype.h> (ASCII, the "C" locale), as inline functions in
// tessera::libc: ctype.cc wraps them as the C functions, and the host tests
// compare them with the host's C library. Values outside 0..255 (EOF among
// them) belong to no class.
#pragma once

namespace tessera::libc {

constexpr int isdigit(int c) { return c >= '0' && c <= '9'; }
constexpr int isupper(int c) { return c >= 'A' && c <= 'Z'; }
constexpr int islower(int c) { return c >= 'a' && c <= 'z'; }
constexpr int isalpha(int c) { return isupper(c) || islower(c); }
constexpr int isalnum(int c) { return isalpha(c) || isdigit(c); }
constexpr int isxdigit(int c) { return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
constexpr int isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr int isblank(int c) { return c == ' ' || c == '\t'; }
constexpr int iscntrl(int c) { return (c >= 0 && c < 0x20) || c == 0x7f; }
constexpr int isprint(int c) { return c >= 0x20 && c < 0x7f; }
constexpr int isgraph(int c) { return c > 0x20 && c < 0x7f; }
constexpr int ispunct(int c) { return isgraph(c) && !isalnum(c); }
constexpr int toupper(int c) { return islower(c) ? c - 'a' + 'A' : c; }
constexpr int tolower(int c) { return isupper(c) ? c - 'A' + 'a' : c; }

}  // namespace tessera::libc

// <ctype.h>: the C functions over the shared bodies in impl/.
#include <ctype.h>

#include "impl/ctype_impl.h"

namespace lib = tessera::libc;

extern "C" {

int isalpha(int c) { return lib::isalpha(c); }
int isdigit(int c) { return lib::isdigit(c); }
int isalnum(int c) { return lib::isalnum(c); }
int isspace(int c) { return lib::isspace(c); }
int isblank(int c) { return lib::isblank(c); }
int isupper(int c) { return lib::isupper(c); }
int islower(int c) { return lib::islower(c); }
int isxdigit(int c) { return lib::isxdigit(c); }
int isprint(int c) { return lib::isprint(c); }
int isgraph(int c) { return lib::isgraph(c); }
int ispunct(int c) { return lib::ispunct(c); }
int iscntrl(int c) { return lib::iscntrl(c); }
int toupper(int c) { return lib::toupper(c); }
int tolower(int c) { return lib::tolower(c); }

}  // extern "C"

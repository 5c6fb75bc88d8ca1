// <ctype.h>: character classes of ASCII (the "C" locale, the only one).
// Arguments are an unsigned char value or EOF; anything else is in no class.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

int isalpha(int c);
int isdigit(int c);
int isalnum(int c);
int isspace(int c);
int isblank(int c);
int isupper(int c);
int islower(int c);
int isxdigit(int c);
int isprint(int c);
int isgraph(int c);
int ispunct(int c);
int iscntrl(int c);
int toupper(int c);
int tolower(int c);

#ifdef __cplusplus
}
#endif

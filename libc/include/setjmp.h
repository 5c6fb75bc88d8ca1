// <setjmp.h> for RISC-V lp64d: a jmp_buf holds what a function call must
// preserve: ra, sp, s0-s11 and fs0-fs11 (the signal mask is not saved:
// there are no signal handlers to mask).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long jmp_buf[26];

// Returns 0 when called, and longjmp's value (1 for 0) when jumped to.
int setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int value);

#ifdef __cplusplus
}
#endif

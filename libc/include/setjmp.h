// <setjmp.h> for RISC-V lp64d: a jmp_buf holds what a function call must
// preserve: ra, sp, s0-s11 and fs0-fs11. setjmp does not save the signal
// mask (as glibc's); sigsetjmp(env, 1) does, and siglongjmp restores it, so
// a handler can jump out without leaving its signal blocked.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long jmp_buf[26];

// Returns 0 when called, and longjmp's value (1 for 0) when jumped to.
int setjmp(jmp_buf env) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int value);

typedef struct {
  jmp_buf registers;
  int mask_saved;
  unsigned long mask;  // the blocked signals (sigset_t's first word)
} sigjmp_buf[1];

// Records the signal mask in env if save is not 0; sigsetjmp's first half
// (setjmp itself must be called in the caller's frame, hence the macro).
int __sigsetjmp_mask(sigjmp_buf env, int save);
#define sigsetjmp(env, save) (__sigsetjmp_mask((env), (save)), setjmp((env)[0].registers))
__attribute__((noreturn)) void siglongjmp(sigjmp_buf env, int value);

#ifdef __cplusplus
}
#endif

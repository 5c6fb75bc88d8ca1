/* switch_context(SwitchContext* from, SwitchContext* to): save the
   callee-saved registers of the running kernel thread and resume another.
   Caller-saved registers are the caller's business: this is a function call. */
  .section .text
  .balign 4
  .globl switch_context
switch_context:
  sd ra, 0*8(a0)
  sd sp, 1*8(a0)
  sd s0, 2*8(a0)
  sd s1, 3*8(a0)
  sd s2, 4*8(a0)
  sd s3, 5*8(a0)
  sd s4, 6*8(a0)
  sd s5, 7*8(a0)
  sd s6, 8*8(a0)
  sd s7, 9*8(a0)
  sd s8, 10*8(a0)
  sd s9, 11*8(a0)
  sd s10, 12*8(a0)
  sd s11, 13*8(a0)
restore_context:
  ld ra, 0*8(a1)
  ld sp, 1*8(a1)
  ld s0, 2*8(a1)
  ld s1, 3*8(a1)
  ld s2, 4*8(a1)
  ld s3, 5*8(a1)
  ld s4, 6*8(a1)
  ld s5, 7*8(a1)
  ld s6, 8*8(a1)
  ld s7, 9*8(a1)
  ld s8, 10*8(a1)
  ld s9, 11*8(a1)
  ld s10, 12*8(a1)
  ld s11, 13*8(a1)
  ret

/* load_context(SwitchContext* to): resume a thread without saving the
   current one, which has nothing left on its stack. */
  .globl load_context
load_context:
  mv a1, a0
  j restore_context

/* A new thread's first switch lands here with s0 = the function to run
   and s1 = its argument (set up by Thread::create). */
  .globl thread_trampoline
thread_trampoline:
  mv a0, s1
  jalr s0
  /* a user thread's function returns the TrapFrame to enter user mode with */
  j return_to_user

/* FP state of a user thread: f0-f31 and fcsr, 33 doublewords. */
  .globl fp_save
fp_save:
  fsd f0, 0*8(a0)
  fsd f1, 1*8(a0)
  fsd f2, 2*8(a0)
  fsd f3, 3*8(a0)
  fsd f4, 4*8(a0)
  fsd f5, 5*8(a0)
  fsd f6, 6*8(a0)
  fsd f7, 7*8(a0)
  fsd f8, 8*8(a0)
  fsd f9, 9*8(a0)
  fsd f10, 10*8(a0)
  fsd f11, 11*8(a0)
  fsd f12, 12*8(a0)
  fsd f13, 13*8(a0)
  fsd f14, 14*8(a0)
  fsd f15, 15*8(a0)
  fsd f16, 16*8(a0)
  fsd f17, 17*8(a0)
  fsd f18, 18*8(a0)
  fsd f19, 19*8(a0)
  fsd f20, 20*8(a0)
  fsd f21, 21*8(a0)
  fsd f22, 22*8(a0)
  fsd f23, 23*8(a0)
  fsd f24, 24*8(a0)
  fsd f25, 25*8(a0)
  fsd f26, 26*8(a0)
  fsd f27, 27*8(a0)
  fsd f28, 28*8(a0)
  fsd f29, 29*8(a0)
  fsd f30, 30*8(a0)
  fsd f31, 31*8(a0)
  frcsr t0
  sd t0, 32*8(a0)
  ret

  .globl fp_restore
fp_restore:
  fld f0, 0*8(a0)
  fld f1, 1*8(a0)
  fld f2, 2*8(a0)
  fld f3, 3*8(a0)
  fld f4, 4*8(a0)
  fld f5, 5*8(a0)
  fld f6, 6*8(a0)
  fld f7, 7*8(a0)
  fld f8, 8*8(a0)
  fld f9, 9*8(a0)
  fld f10, 10*8(a0)
  fld f11, 11*8(a0)
  fld f12, 12*8(a0)
  fld f13, 13*8(a0)
  fld f14, 14*8(a0)
  fld f15, 15*8(a0)
  fld f16, 16*8(a0)
  fld f17, 17*8(a0)
  fld f18, 18*8(a0)
  fld f19, 19*8(a0)
  fld f20, 20*8(a0)
  fld f21, 21*8(a0)
  fld f22, 22*8(a0)
  fld f23, 23*8(a0)
  fld f24, 24*8(a0)
  fld f25, 25*8(a0)
  fld f26, 26*8(a0)
  fld f27, 27*8(a0)
  fld f28, 28*8(a0)
  fld f29, 29*8(a0)
  fld f30, 30*8(a0)
  fld f31, 31*8(a0)
  ld t0, 32*8(a0)
  fscsr t0
  ret

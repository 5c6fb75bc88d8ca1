# The entry the kernel sends an interrupted thread to (docs/posix.md,
# "Signals"): a0 = sp = the abi::InterruptFrame of what it was doing, which
# holds its integer registers. The FP registers are the thread's still:
# they go on the stack here, around the handlers, which may use them.
  .section .text
  .globl tessera_signal_entry
  .type tessera_signal_entry, @function
tessera_signal_entry:
  addi sp, sp, -272
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  fsd f\n, \n*8(sp)
  .endr
  frcsr t0
  sd t0, 256(sp)
  sd a0, 264(sp)
  call tessera_run_signals
  ld t0, 256(sp)
  fscsr t0
  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
  fld f\n, \n*8(sp)
  .endr
  ld a0, 264(sp)
  addi sp, sp, 272
  # Back to the interrupted context (integer code only from here on).
  tail tessera_resume_interrupted
  .size tessera_signal_entry, .-tessera_signal_entry

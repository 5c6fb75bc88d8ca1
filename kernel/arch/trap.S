/* Trap entry and exit.
   While a thread runs in U-mode, sscratch holds the address of its TrapFrame
   (at the top of its kernel stack); while the kernel runs, sscratch is 0.
   An ecall from U-mode is a function call under the RISC-V ABI, so the
   syscall path saves only what it must (see syscall_entry); every other
   trap saves all registers. */

#define FRAME_SIZE 288
#define SEPC 256
#define SSTATUS 264
#define CPU 272

/* The rest of a syscall's entry, the same for both kinds. */
.macro save_syscall_state
  csrrw a0, sscratch, zero
  sd a0, 2*8(sp)
  csrr a0, sepc
  addi a0, a0, 4
  sd a0, SEPC(sp)
  csrr a0, sstatus
  sd a0, SSTATUS(sp)
  ld tp, CPU(sp)
  mv a0, sp
.endm

  .section .text
  .balign 4
  .globl trap_vector
trap_vector:
  csrrw sp, sscratch, sp
  beqz sp, kernel_trap
  /* from user: sp = this thread's TrapFrame */
  sd a0, 10*8(sp)
  csrr a0, scause
  addi a0, a0, -8
  beqz a0, syscall_entry

  /* a user interrupt or exception: save everything */
  sd ra, 1*8(sp)
  sd gp, 3*8(sp)
  sd tp, 4*8(sp)
  sd t0, 5*8(sp)
  sd t1, 6*8(sp)
  sd t2, 7*8(sp)
  sd s0, 8*8(sp)
  sd s1, 9*8(sp)
  sd a1, 11*8(sp)
  sd a2, 12*8(sp)
  sd a3, 13*8(sp)
  sd a4, 14*8(sp)
  sd a5, 15*8(sp)
  sd a6, 16*8(sp)
  sd a7, 17*8(sp)
  sd s2, 18*8(sp)
  sd s3, 19*8(sp)
  sd s4, 20*8(sp)
  sd s5, 21*8(sp)
  sd s6, 22*8(sp)
  sd s7, 23*8(sp)
  sd s8, 24*8(sp)
  sd s9, 25*8(sp)
  sd s10, 26*8(sp)
  sd s11, 27*8(sp)
  sd t3, 28*8(sp)
  sd t4, 29*8(sp)
  sd t5, 30*8(sp)
  sd t6, 31*8(sp)
  csrrw t0, sscratch, zero
  sd t0, 2*8(sp)
  csrr t0, sepc
  sd t0, SEPC(sp)
  csrr t0, sstatus
  sd t0, SSTATUS(sp)
  ld tp, CPU(sp)
  mv fp, zero
  mv a0, sp
  call user_trap
  /* fall through: user_trap returns with a0 = the frame to resume */
  .globl return_to_user
return_to_user:
  mv sp, a0
  ld t0, SEPC(sp)
  csrw sepc, t0
  ld t0, SSTATUS(sp)
  csrw sstatus, t0
  csrw sscratch, sp
  ld ra, 1*8(sp)
  ld gp, 3*8(sp)
  ld tp, 4*8(sp)
  ld t0, 5*8(sp)
  ld t1, 6*8(sp)
  ld t2, 7*8(sp)
  ld s0, 8*8(sp)
  ld s1, 9*8(sp)
  ld a0, 10*8(sp)
  ld a1, 11*8(sp)
  ld a2, 12*8(sp)
  ld a3, 13*8(sp)
  ld a4, 14*8(sp)
  ld a5, 15*8(sp)
  ld a6, 16*8(sp)
  ld a7, 17*8(sp)
  ld s2, 18*8(sp)
  ld s3, 19*8(sp)
  ld s4, 20*8(sp)
  ld s5, 21*8(sp)
  ld s6, 22*8(sp)
  ld s7, 23*8(sp)
  ld s8, 24*8(sp)
  ld s9, 25*8(sp)
  ld s10, 26*8(sp)
  ld s11, 27*8(sp)
  ld t3, 28*8(sp)
  ld t4, 29*8(sp)
  ld t5, 30*8(sp)
  ld t6, 31*8(sp)
  ld sp, 2*8(sp)
  sret

/* A syscall. The kernel's C++ code preserves s0-s11 and never touches gp,
   so a call that returns to its own thread needs only ra, gp, tp and the
   argument registers saved. (gp too: a call that blocks, such as
   process_wait or sleep_until, resumes after other processes have run, and
   the register then holds the gp of the last one to enter the kernel.) A
   call that may block in IPC (numbers 1..4) can resume in user mode from
   its frame alone, or hand the CPU to another thread's frame, so its
   callee-saved registers go to the frame as well. t0-t6 and a7 are
   clobbered by contract. */
syscall_entry:
  sd ra, 1*8(sp)
  sd tp, 4*8(sp)
  sd a1, 11*8(sp)
  sd a2, 12*8(sp)
  sd a3, 13*8(sp)
  sd a4, 14*8(sp)
  sd a5, 15*8(sp)
  sd a6, 16*8(sp)
  sd a7, 17*8(sp)
  sd gp, 3*8(sp)
  addi a0, a7, -1
  sltiu a0, a0, 4
  beqz a0, lean_syscall
  sd s0, 8*8(sp)
  sd s1, 9*8(sp)
  sd s2, 18*8(sp)
  sd s3, 19*8(sp)
  sd s4, 20*8(sp)
  sd s5, 21*8(sp)
  sd s6, 22*8(sp)
  sd s7, 23*8(sp)
  sd s8, 24*8(sp)
  sd s9, 25*8(sp)
  sd s10, 26*8(sp)
  sd s11, 27*8(sp)
  save_syscall_state
  call ipc_dispatch
  /* a0 = the frame to resume. Our own: s0-s11 and gp still hold the
     caller's values. Another thread's (IPC switched): load them from it. */
  beq a0, sp, 2f
  mv sp, a0
  ld gp, 3*8(sp)
  ld s0, 8*8(sp)
  ld s1, 9*8(sp)
  ld s2, 18*8(sp)
  ld s3, 19*8(sp)
  ld s4, 20*8(sp)
  ld s5, 21*8(sp)
  ld s6, 22*8(sp)
  ld s7, 23*8(sp)
  ld s8, 24*8(sp)
  ld s9, 25*8(sp)
  ld s10, 26*8(sp)
  ld s11, 27*8(sp)
2:
  /* gp: the thread may have been switched out (preempted) on its way here */
  ld gp, 3*8(sp)
  ld a0, SEPC(sp)
  csrw sepc, a0
  ld a0, SSTATUS(sp)
  csrw sstatus, a0
  csrw sscratch, sp
  ld ra, 1*8(sp)
  ld tp, 4*8(sp)
  ld a0, 10*8(sp)
  ld a1, 11*8(sp)
  ld a2, 12*8(sp)
  ld a3, 13*8(sp)
  ld a4, 14*8(sp)
  ld a5, 15*8(sp)
  ld a6, 16*8(sp)
  ld sp, 2*8(sp)
  sret

/* Any other syscall: it returns to this thread, with its result in a0. */
lean_syscall:
  save_syscall_state
  call syscall_dispatch
  ld t0, SEPC(sp)
  csrw sepc, t0
  ld t0, SSTATUS(sp)
  csrw sstatus, t0
  csrw sscratch, sp
  ld ra, 1*8(sp)
  ld gp, 3*8(sp)
  ld tp, 4*8(sp)
  ld a1, 11*8(sp)
  ld a2, 12*8(sp)
  ld a3, 13*8(sp)
  ld a4, 14*8(sp)
  ld a5, 15*8(sp)
  ld a6, 16*8(sp)
  ld sp, 2*8(sp)
  sret

kernel_trap:
  /* from S-mode: restore sp (sscratch stays 0) and push a frame on this stack */
  csrrw sp, sscratch, sp
  addi sp, sp, -FRAME_SIZE
  sd ra, 1*8(sp)
  sd gp, 3*8(sp)
  sd tp, 4*8(sp)
  sd t0, 5*8(sp)
  sd t1, 6*8(sp)
  sd t2, 7*8(sp)
  sd s0, 8*8(sp)
  sd s1, 9*8(sp)
  sd a0, 10*8(sp)
  sd a1, 11*8(sp)
  sd a2, 12*8(sp)
  sd a3, 13*8(sp)
  sd a4, 14*8(sp)
  sd a5, 15*8(sp)
  sd a6, 16*8(sp)
  sd a7, 17*8(sp)
  sd t3, 28*8(sp)
  sd t4, 29*8(sp)
  sd t5, 30*8(sp)
  sd t6, 31*8(sp)
  /* s2-s11 are callee-saved: kernel_trap_handler preserves them, but panic prints them */
  sd s2, 18*8(sp)
  sd s3, 19*8(sp)
  sd s4, 20*8(sp)
  sd s5, 21*8(sp)
  sd s6, 22*8(sp)
  sd s7, 23*8(sp)
  sd s8, 24*8(sp)
  sd s9, 25*8(sp)
  sd s10, 26*8(sp)
  sd s11, 27*8(sp)
  addi t0, sp, FRAME_SIZE
  sd t0, 2*8(sp)
  csrr t0, sepc
  sd t0, SEPC(sp)
  csrr t0, sstatus
  sd t0, SSTATUS(sp)
  mv a0, sp
  call kernel_trap_handler
  ld t0, SEPC(sp)
  csrw sepc, t0
  ld t0, SSTATUS(sp)
  csrw sstatus, t0
  ld ra, 1*8(sp)
  ld gp, 3*8(sp)
  ld tp, 4*8(sp)
  ld t0, 5*8(sp)
  ld t1, 6*8(sp)
  ld t2, 7*8(sp)
  ld s0, 8*8(sp)
  ld s1, 9*8(sp)
  ld a0, 10*8(sp)
  ld a1, 11*8(sp)
  ld a2, 12*8(sp)
  ld a3, 13*8(sp)
  ld a4, 14*8(sp)
  ld a5, 15*8(sp)
  ld a6, 16*8(sp)
  ld a7, 17*8(sp)
  ld t3, 28*8(sp)
  ld t4, 29*8(sp)
  ld t5, 30*8(sp)
  ld t6, 31*8(sp)
  addi sp, sp, FRAME_SIZE
  sret

/* Trap entry and exit.
   While a thread runs in U-mode, sscratch holds the address of its TrapFrame
   (at the top of its kernel stack); while the kernel runs, sscratch is 0.
   An ecall from U-mode is a function call under the RISC-V ABI, so the
   syscall path saves only what it must (see syscall_entry); every other
   trap saves all registers. */

#include "abi/syscall_numbers.h"

#define FRAME_SIZE 288
#define SEPC 256
#define SSTATUS 264
#define CPU 272

/* Register lists by number (x<n> lives at n*8 in the TrapFrame). */
#define CALLEE_SAVED 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 /* s0-s11 */
#define TEMPORARIES 5, 6, 7, 28, 29, 30, 31                       /* t0-t6 */
#define MESSAGE 11, 12, 13, 14, 15, 16                            /* a1-a6 */
#define MESSAGE_T 5, 6, 7, 28, 29, 30 /* t0-t5: message words 4..9 (abi/ipc_buffer.h) */

/* A register message with words in t0-t5 (abi::has_t_words): an info
   (a1) whose length and handle count (its bits below INFO_KIND_SHIFT, the
   count above the length) read as 33..80. */
#define INFO_KIND_SHIFT 19 /* the bits above the handle count: 0 from user mode, the kind from the kernel */
#define T_WORDS_FIRST_BYTES 33
#define T_WORDS_RANGE 48 /* 33..80 */

.macro store_regs regs:vararg
  .irp n, \regs
  sd x\n, \n*8(sp)
  .endr
.endm

.macro load_regs regs:vararg
  .irp n, \regs
  ld x\n, \n*8(sp)
  .endr
.endm

/* What a syscall leaves in registers it does not restore: nothing of the
   kernel's or of another thread's. */
.macro clear_regs regs:vararg
  .irp n, \regs
  li x\n, 0
  .endr
.endm

/* Gives up this hart's lock (Cpu::lock) as KernelLock::unlock does:
   clears the word, and wakes the harts parked on it if it had kParked (2)
   set. Its scratch register is a7, which the IPC exit clears after it;
   the registers in `keep` (a0, its argument, among them) go to the frame
   across that C call, which clobbers no other register that the exit does
   not reload or clear. */
.macro release_lock keep:vararg
  amoswap.w.rl a7, zero, (tp) /* Cpu::lock is at offset 0 */
  andi a7, a7, 2
  beqz a7, 1f
  store_regs \keep
  mv a0, tp
  call wake_parked_harts
  load_regs \keep
1:
.endm

/* t0-t5 from the frame at sp if `flag` is set (words 4..9 of a register
   message of 33..80 bytes), else cleared. */
.macro t_words_from_frame flag
  beqz \flag, 1f
  load_regs MESSAGE_T
  j 2f
1:
  clear_regs MESSAGE_T
2:
.endm

/* The rest of a syscall's entry, the same for both kinds (ra, saved
   already, is the scratch register: a0-a7 keep the caller's values). */
.macro save_syscall_state
  csrrw ra, sscratch, zero
  sd ra, 2*8(sp)
  csrr ra, sepc
  addi ra, ra, 4
  sd ra, SEPC(sp)
  csrr ra, sstatus
  sd ra, SSTATUS(sp)
  ld tp, CPU(sp)
.endm

  .section .text
  .balign 4
  .globl trap_vector
trap_vector:
  csrrw sp, sscratch, sp
  beqz sp, kernel_trap
  /* from user: sp = this thread's TrapFrame; ra is the scratch register,
     so that a syscall finds a0-a7 as the caller left them */
  sd ra, 1*8(sp)
  csrr ra, scause
  addi ra, ra, -8
  beqz ra, syscall_entry

  /* a user interrupt or exception: save everything */
  store_regs 3, 4, TEMPORARIES, CALLEE_SAVED, 10, MESSAGE, 17
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
  load_regs 1, 3, 4, TEMPORARIES, CALLEE_SAVED, 10, MESSAGE, 17
  ld sp, 2*8(sp)
  sret

/* A syscall. The kernel's C++ code preserves s0-s11 and never touches gp,
   so a call that returns to its own thread needs only ra, gp, tp and the
   argument registers saved. (gp too: a call that blocks, such as
   process_wait or sleep_until, resumes after other processes have run, and
   the register then holds the gp of the last one to enter the kernel.) A
   call that may block in IPC (the IPC waits: numbers 1..5) can resume in user mode from
   its frame alone, or hand the CPU to another thread's frame, so its
   callee-saved registers go to the frame as well, and so do t0-t5 when
   they carry a message's words 4..9 (a1, the info, says a register
   message of 33..80 bytes; a deadline there only costs the stores).
   t0-t6 and a7 are clobbered by contract: both exits clear them (the IPC
   exit all but the message words it returns), so that no value of the
   kernel's, or of the thread the kernel switched from, reaches user mode. */
syscall_entry:
  store_regs 4, 10, MESSAGE, 17, 3
  /* a7 (saved) becomes the IPC wait's index, 0 for a call: ipc_dispatch
     then tests it against 0. (Both exits clear a7.) */
  addi a7, a7, -TESSERA_FIRST_IPC_WAIT
  sltiu ra, a7, TESSERA_IPC_WAIT_COUNT
  beqz ra, lean_syscall
  store_regs CALLEE_SAVED
  /* s1 (saved): whether the message sent is a register message with
     t-words, which then go to the frame; ipc_dispatch preserves it. */
  addi s1, a1, -T_WORDS_FIRST_BYTES
  sltiu s1, s1, T_WORDS_RANGE
  beqz s1, 1f
  store_regs MESSAGE_T
1:
  save_syscall_state
  /* a0-a6 as the caller left them, a7 the wait's index: ipc_dispatch
     takes the handle, the info, the deadline and the index there, not
     from the frame (it finds the frame as its thread's). */
  call ipc_dispatch
  /* a0 = the frame to resume. The message words (a2-a5, and t0-t5 of a
     register message of 33..80 bytes) come from the frame we entered on:
     ours, which the general path may have written, or, when the fast path
     switched, the sender's: it writes only what differs into the
     receiver's (ipc/fastpath.cc, copy_message; it clears the sender's
     t-words past the message's end). Our own frame: s0-s11 and gp still
     hold the caller's values (but s1), a0 the status is in the frame.
     Another thread's: load them from it; its status is 0 (only a fast
     path's delivery, which succeeded, returns another thread's frame).
     (This hart's lock is still held: the sender's frame stays.) */
  load_regs 12, 13, 14, 15
  beq a0, sp, ipc_exit_own_frame
  t_words_from_frame s1
  mv sp, a0
  load_regs CALLEE_SAVED
  li a0, 0
ipc_exit_unlock:
  /* Off the old thread's stack now: give up this hart's lock (Cpu::lock,
     all ipc_dispatch holds on its way out). */
  release_lock 10, 12, 13, 14, 15, MESSAGE_T
  /* gp: the thread may have been switched out (preempted) on its way here */
  ld gp, 3*8(sp)
  ld t6, SEPC(sp)
  csrw sepc, t6
  ld t6, SSTATUS(sp)
  csrw sstatus, t6
  csrw sscratch, sp
  load_regs 1, 4, 11, 16
  clear_regs 31, 17
  ld sp, 2*8(sp)
  sret

/* The IPC exit into our own frame (the general path): s1 back, and t0-t5
   as the info the general path wrote (its kind bits dropped) says: words
   4..9 of a register message, which it wrote there, 0 past its end
   (ipc/transfer.cc). (After an error, our info: our own values.) */
ipc_exit_own_frame:
  ld s1, 9*8(sp)
  ld a0, 10*8(sp)
  ld t6, 11*8(sp)
  slli t6, t6, 64 - INFO_KIND_SHIFT
  srli t6, t6, 64 - INFO_KIND_SHIFT
  addi t6, t6, -T_WORDS_FIRST_BYTES
  sltiu t6, t6, T_WORDS_RANGE
  t_words_from_frame t6
  j ipc_exit_unlock

/* Any other syscall: it returns to this thread, with its result in a0,
   holding no lock (syscall/dispatch.cc takes what each call needs). */
lean_syscall:
  save_syscall_state
  mv a0, sp
  call syscall_dispatch
  ld t0, SEPC(sp)
  csrw sepc, t0
  ld t0, SSTATUS(sp)
  csrw sstatus, t0
  csrw sscratch, sp
  load_regs 1, 3, 4, MESSAGE
  clear_regs TEMPORARIES, 17
  ld sp, 2*8(sp)
  sret

kernel_trap:
  /* from S-mode: restore sp (sscratch stays 0) and push a frame on this stack.
     s2-s11 are callee-saved: kernel_trap_handler preserves them, but panic
     prints them. */
  csrrw sp, sscratch, sp
  addi sp, sp, -FRAME_SIZE
  store_regs 1, 3, 4, TEMPORARIES, CALLEE_SAVED, 10, MESSAGE, 17
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
  load_regs 1, 3, 4, TEMPORARIES, 8, 9, 10, MESSAGE, 17
  addi sp, sp, FRAME_SIZE
  sret

/* Boot entry. OpenSBI jumps here in S-mode at the physical load address with
   a0 = hart id, a1 = physical address of the device tree, MMU off, on one
   hart (OpenSBI's boot hart, whichever it is); the others stay stopped until
   the kernel starts them at secondary_entry (SBI HSM, arch/smp.cc).
   We map the kernel at its upper-half link address with two 1 GiB leaf
   entries (identity and high), turn on Sv39, jump high, and call kmain.
   kmain builds the real page table; this one only has to get us there. */
/* Turns on boot_root_table and continues at the high alias of the next
   instruction. */
.macro enter_high_half
  lla t0, boot_root_table
  srli t0, t0, 12
  li t2, 8 << 60
  or t0, t0, t2
  sfence.vma
  csrw satp, t0
  sfence.vma
  lla t0, 1f
  li t1, 0xffffffc000000000
  add t0, t0, t1
  jr t0
1:
.endm

  .section .text.entry, "ax"
  .globl _start
_start:
  csrw sie, zero
  csrw satp, zero
  /* OpenSBI (Debian's v1.1) now and then lets a second hart in here too.
     The first to swap the flag boots; any other stops itself (SBI HSM
     hart_stop), so that the boot hart can start it properly. The flag is
     in .data: clearing .bss must not reset it. */
  lla t0, boot_hart_claimed
  li t1, 1
  amoswap.w.aq t1, t1, (t0)
  bnez t1, stop_this_hart

  /* boot_root_table[2] = identity gigapage at PA 0x80000000 (to survive the
     satp write); [258..261] = the first 4 GiB of RAM at the high alias, so the
     device tree and boot archive are reachable wherever QEMU put them. RWXAD */
  lla t0, boot_root_table
  li t1, (0x80000000 >> 12) << 10
  ori t1, t1, 0xcf
  sd t1, 2*8(t0)
  li t2, 258*8
  add t2, t0, t2
  li t3, 4
  li t4, (1 << 30) >> 2
2:
  sd t1, 0(t2)
  add t1, t1, t4
  addi t2, t2, 8
  addi t3, t3, -1
  bnez t3, 2b
  enter_high_half
  /* PC-relative, and the PC is high now: high addresses from here on */
  lla t0, __bss_start
  lla t1, __bss_end
3:
  bgeu t0, t1, 4f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 3b
4:
  lla sp, boot_stack_top
  mv tp, zero
  mv fp, zero
  call kmain

/* A hart started through SBI HSM: a0 = hart id, a1 = its Cpu (a kernel
   address), MMU off. boot_root_table is complete by now; secondary_main
   moves to the kernel's page table. */
  .globl secondary_entry
secondary_entry:
  csrw sie, zero
  enter_high_half
  ld sp, 16(a1)  /* Cpu::boot_stack_top */
  mv tp, a1
  mv fp, zero
  mv a0, a1
  call secondary_main

stop_this_hart:
  li a7, 0x48534D /* HSM */
  li a6, 1        /* hart_stop: does not return */
  ecall
1:
  wfi
  j 1b

  .section .bss
  .balign 4096
  .globl boot_stack_bottom
boot_stack_bottom:
  .space 16384
  .globl boot_stack_top
boot_stack_top:

  .section .data
  .balign 4096
boot_root_table:
  .space 4096
boot_hart_claimed:
  .word 0

/* Program entry: the kernel (or procmgr) leaves sp pointing at argc, then
   argv[], NULL, envp[], NULL, auxv pairs (the SysV layout). */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  lla gp, __global_pointer$
  .option pop
  mv a0, sp
  andi sp, sp, -16
  call __libc_start
1:
  j 1b

/* copy_aligned(to, from, length, result): arch/word_copy.h says what it
   does. a0 = to, a1 = from, a2 = length, a3 = result (returned).
   Scratch: t0-t6, a4-a7 (caller-saved; it calls nothing). */

#define BLOCK_BYTES 1024 /* 128 words */
#define GROUP_BYTES 64   /* 8 words, loads before stores */

/* One group of eight words at byte `offset` of a block. */
.macro copy_group offset
  ld a4, \offset+0(a1)
  ld a5, \offset+8(a1)
  ld a6, \offset+16(a1)
  ld a7, \offset+24(a1)
  ld t1, \offset+32(a1)
  ld t2, \offset+40(a1)
  ld t3, \offset+48(a1)
  ld t4, \offset+56(a1)
  sd a4, \offset+0(a0)
  sd a5, \offset+8(a0)
  sd a6, \offset+16(a0)
  sd a7, \offset+24(a0)
  sd t1, \offset+32(a0)
  sd t2, \offset+40(a0)
  sd t3, \offset+48(a0)
  sd t4, \offset+56(a0)
.endm

  .section .text
  .balign 4
  .globl copy_aligned
  .type copy_aligned, @function
copy_aligned:
  andi t0, a2, -BLOCK_BYTES
  beqz t0, .Lwords
  add t0, a1, t0 /* where the blocks end in from */
.Lblock:
  .set offset, 0
  .rept BLOCK_BYTES / GROUP_BYTES
  copy_group offset
  .set offset, offset + GROUP_BYTES
  .endr
  addi a1, a1, BLOCK_BYTES
  addi a0, a0, BLOCK_BYTES
  bne a1, t0, .Lblock

/* Fewer than 128 words left, n: jump to the n-th pair from the run's end,
   each pair (a load and a store of one word) 8 bytes of code: the run's
   last n pairs copy words n-1 down to 0. */
.Lwords:
  andi t0, a2, BLOCK_BYTES - 8 /* n * 8 */
  lla t1, .Lwords_end
  sub t1, t1, t0
  jr t1
  .option push
  .option norvc /* every instruction 4 bytes: the arithmetic above */
.Lwords_run:
  .set offset, BLOCK_BYTES - 16 /* word 126 */
  .rept BLOCK_BYTES / 8 - 1
  ld t2, offset(a1)
  sd t2, offset(a0)
  .set offset, offset - 8
  .endr
  .option pop
.Lwords_end:
  .if .Lwords_end - .Lwords_run - (BLOCK_BYTES - 8)
  .error "the straight run is not 127 pairs of 4-byte instructions"
  .endif
  andi a2, a2, 7
  bnez a2, .Lbytes
  mv a0, a3
  ret

/* An unaligned length's last bytes: a whole word would write past it. */
.Lbytes:
  add a1, a1, t0
  add a0, a0, t0
1:
  lbu t2, 0(a1)
  sb t2, 0(a0)
  addi a1, a1, 1
  addi a0, a0, 1
  addi a2, a2, -1
  bnez a2, 1b
  mv a0, a3
  ret
  .size copy_aligned, . - copy_aligned

/* copy_aligned(result, to, from, length): arch/word_copy.h says what it
   does. result stays in a0, the return register. Scratch: t0-t4, a4-a7
   (caller-saved; it calls nothing). */

#define TO a1
#define FROM a2
#define LENGTH a3

#define BLOCK_BYTES 1024 /* 128 words */
#define GROUP_BYTES 64   /* 8 words, loads before stores */

/* One group of eight words at byte `offset` of a block. */
.macro copy_group offset
  ld a4, \offset+0(FROM)
  ld a5, \offset+8(FROM)
  ld a6, \offset+16(FROM)
  ld a7, \offset+24(FROM)
  ld t1, \offset+32(FROM)
  ld t2, \offset+40(FROM)
  ld t3, \offset+48(FROM)
  ld t4, \offset+56(FROM)
  sd a4, \offset+0(TO)
  sd a5, \offset+8(TO)
  sd a6, \offset+16(TO)
  sd a7, \offset+24(TO)
  sd t1, \offset+32(TO)
  sd t2, \offset+40(TO)
  sd t3, \offset+48(TO)
  sd t4, \offset+56(TO)
.endm

  .section .text
  .balign 4
  .globl copy_aligned
  .type copy_aligned, @function
copy_aligned:
  andi t0, LENGTH, -BLOCK_BYTES
  beqz t0, .Lwords
  add t0, FROM, t0 /* where the blocks end in from */
.Lblock:
  .set offset, 0
  .rept BLOCK_BYTES / GROUP_BYTES
  copy_group offset
  .set offset, offset + GROUP_BYTES
  .endr
  addi FROM, FROM, BLOCK_BYTES
  addi TO, TO, BLOCK_BYTES
  bne FROM, t0, .Lblock

/* Fewer than 128 words left, n: jump to the n-th pair from the run's end,
   each pair (a load and a store of one word) 8 bytes of code: the run's
   last n pairs copy words n-1 down to 0. */
.Lwords:
  andi t0, LENGTH, BLOCK_BYTES - 8 /* n * 8 */
  lla t1, .Lwords_end
  sub t1, t1, t0
  jr t1
  .option push
  .option norvc /* every instruction 4 bytes: the arithmetic above */
.Lwords_run:
  .set offset, BLOCK_BYTES - 16 /* word 126 */
  .rept BLOCK_BYTES / 8 - 1
  ld t2, offset(FROM)
  sd t2, offset(TO)
  .set offset, offset - 8
  .endr
  .option pop
.Lwords_end:
  .if .Lwords_end - .Lwords_run - (BLOCK_BYTES - 8)
  .error "the straight run is not 127 pairs of 4-byte instructions"
  .endif
  andi LENGTH, LENGTH, 7
  bnez LENGTH, .Lbytes
  ret

/* An unaligned length's last bytes: a whole word would write past it. */
.Lbytes:
  add FROM, FROM, t0
  add TO, TO, t0
1:
  lbu t2, 0(FROM)
  sb t2, 0(TO)
  addi FROM, FROM, 1
  addi TO, TO, 1
  addi LENGTH, LENGTH, -1
  bnez LENGTH, 1b
  ret
  .size copy_aligned, . - copy_aligned

// getauxval: the auxiliary vector the kernel (or procmgr) put on the
// initial stack (AT_PAGESZ, and Tessera's handle and boot-info entries,
// abi::kAux* in kernel/abi/syscall.h).
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#define AT_NULL 0
#define AT_PAGESZ 6

// The value of the entry of that type, or 0 if there is none.
unsigned long getauxval(unsigned long type);

#ifdef __cplusplus
}
#endif

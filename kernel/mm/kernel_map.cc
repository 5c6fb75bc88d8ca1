// The kernel's page table: all RAM at kVirtOffset + pa, with the kernel image
// mapped page by page so that text is R+X, rodata R and data R+W (W^X), the
// PLIC for the kernel's interrupt controller, and the kernel-stack region.
#include "arch/csr.h"
#include "debug/console.h"
#include "mm/frames.h"
#include "mm/layout.h"
#include "mm/page_table.h"

extern "C" char __kernel_start[], __text_end[], __rodata_end[], __kernel_end[];

namespace kernel {

namespace {

PageTable kernel_table;

constexpr uint64_t kKernelRW = pte::kRead | pte::kWrite | pte::kGlobal;

void must(Status s, const char* what) {
  if (!s) panic("kernel page table: cannot map %s (%s)", what, abi::error_name(s.error()));
}

// Maps [pa, pa+size) at kVirtOffset + pa, using 2 MiB pages where aligned.
void map_linear(uint64_t pa, uint64_t size, uint64_t flags, const char* what) {
  uint64_t end = pa + size;
  while (pa < end) {
    uint64_t va = pa + kVirtOffset;
    bool mega = (pa % PageTable::kMegaPage) == 0 && end - pa >= PageTable::kMegaPage;
    uint64_t step = mega ? PageTable::kMegaPage : kPageSize;
    must(kernel_table.map(va, pa, flags, step), what);
    pa += step;
  }
}

}  // namespace

PageTable& kernel_page_table() { return kernel_table; }

void map_kernel_device(uint64_t pa, uint64_t size) {
  map_linear(page_round_down(pa), page_round_up(pa + size) - page_round_down(pa), kKernelRW, "device");
  csr::sfence_vma_all();
}

void activate_kernel_page_table() { csr::write_satp(kernel_table.satp(0)); }

void build_kernel_page_table(uint64_t ram_base, uint64_t ram_size, uint64_t plic_base, uint64_t plic_size) {
  auto root = frames::alloc_zeroed();
  if (!root) panic("no frame for the kernel page table");
  kernel_table = PageTable(*root);

  uint64_t text = virt_to_phys(__kernel_start);
  uint64_t text_end = virt_to_phys(__text_end);
  uint64_t rodata_end = virt_to_phys(__rodata_end);
  uint64_t ram_end = ram_base + ram_size;

  map_linear(text, text_end - text, pte::kRead | pte::kExec | pte::kGlobal, "kernel text");
  map_linear(text_end, rodata_end - text_end, pte::kRead | pte::kGlobal, "kernel rodata");
  map_linear(rodata_end, ram_end - rodata_end, kKernelRW, "RAM");
  if (plic_size) map_linear(plic_base, page_round_up(plic_size), kKernelRW, "PLIC");

  // Pre-create the root entries of the kernel half that hold later mappings
  // (kernel stacks), so user page tables, which copy the root, see them.
  uint64_t* root_table = phys_to_virt<uint64_t>(*root);
  unsigned stack_index = (kKernelStackRegion >> 30) & 0x1ff;
  auto level1 = frames::alloc_zeroed();
  if (!level1) panic("no frame for the kernel stack region");
  root_table[stack_index] = pte::make(*level1, 0);

  csr::write_satp(kernel_table.satp(0));
  csr::sfence_vma_all();
}

}  // namespace kernel

# A thin wrapper around meson, as QEMU has: each target sets up what it
# needs (Debian packages, meson configure, build) and then does its job.
#   make run    boot Tessera in QEMU (SMP=n MEM=size DISK=path DISKS="a b"
#               VIRTIO_MODERN=1 APPEND="..."); without DISK or DISKS it boots
#               with $(BUILD)/disk.img, made once by image/mkdisk.py
#   make test   run every test (host unit tests and QEMU tests on one
#               hart), then the QEMU tests again on 4 harts
#   make test-smp  only the QEMU tests on 4 harts
#   make bench  run the benchmarks under -icount shift=0
#   make fuzz   10,000,000 random syscalls in each of 4 processes at once on
#               4 harts (FUZZ_SEED=n FUZZ_CALLS=n FUZZ_PROCESSES=n FUZZ_SMP=n)
#   make stress  8 client/server pairs for 10 s on 4 harts under kills and
#               spawns (apps/stress; STRESS_SECONDS=n)
#   make fatfuzz  10,000 mutated FAT images through fatfs (FUZZ_SEED=n)
#   make disk-faults  100 rounds of killing the disk driver under a write
#               to /disk (tests/qemu/disk_test.py faults_long)
#   make gdb    boot halted under QEMU's gdb stub (GDBPORT=1234) and attach
#               gdb-multiarch; quitting gdb stops QEMU

BUILD ?= build
# bsdextrautils: util-linux's hexdump, which tests/host/coreutils_run_test.py compares with.
# dash: the POSIX shell tests/host/sh_run_test.py compares the shell with.
PACKAGES := g++-riscv64-linux-gnu qemu-system-misc opensbi capnproto libcapnp-dev \
            doctest-dev meson ninja-build mtools dosfstools gdb-multiarch python3 g++ pkg-config cpio \
            bsdextrautils dash
SMP ?= 1
MEM ?= 128M
DISK ?=
DISKS ?=
VIRTIO_MODERN ?=
APPEND ?=
GDBPORT ?= 1234
export SMP MEM DISK DISKS VIRTIO_MODERN APPEND

.PHONY: all setup build run test test-smp bench fuzz stress fatfuzz disk-faults gdb clean

all: build

setup:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing packages; run: sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/build.ninja:
	@$(MAKE) --no-print-directory setup
	meson setup $(BUILD) --cross-file cross/riscv64.ini

build: setup $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The default disk is made once and kept: what a user writes to it stays.
run: build
	$(if $(DISK)$(DISKS),,python3 image/mkdisk.py $(BUILD)/disk.img)
	python3 image/qemu.py --build $(BUILD) $(if $(DISK)$(DISKS),,--disk $(BUILD)/disk.img)

# One meson test run and its summary, failing if a test failed:
# $(call run_tests,MESON TEST OPTIONS,LOG NAME).
run_tests = meson test -C $(BUILD) --print-errorlogs --num-processes 2 $(1); status=$$?; \
	python3 tests/summary.py $(BUILD)/meson-logs/$(2).json; [ $$status = 0 ]
SMP4_TESTS := --setup smp4 --suite qemu --no-suite one-hart-only

# Both runs, whatever the first gave: a failure on 4 harts only is seen too.
test: build
	@failed=0; ($(call run_tests,,testlog)) || failed=1; \
	($(call run_tests,$(SMP4_TESTS),testlog-smp4)) || failed=1; exit $$failed

test-smp: build
	@$(call run_tests,$(SMP4_TESTS),testlog-smp4)

bench: build
	python3 apps/ipcbench/run.py --build $(BUILD)

FUZZ_SEED ?= 1
FUZZ_CALLS ?= 10000000
FUZZ_PROCESSES ?= 4
FUZZ_SMP ?= 4
fuzz: build
	SMP=$(FUZZ_SMP) TESSERA_BUILD=$(abspath $(BUILD)) python3 tests/qemu/kernel_test.py --fuzz $(FUZZ_SEED) \
	  $(FUZZ_CALLS) $(FUZZ_PROCESSES)

STRESS_SECONDS ?= 10
stress: build
	TESSERA_BUILD=$(abspath $(BUILD)) python3 tests/qemu/stress_test.py --long $(STRESS_SECONDS)

fatfuzz: build
	FAT_FUZZ_IMAGES=10000 FAT_FUZZ_SEED=$(FUZZ_SEED) $(BUILD)/tests/fat_hostile_test -tc='fuzz*'

disk-faults: build
	TESSERA_BUILD=$(abspath $(BUILD)) python3 tests/qemu/disk_test.py faults_long

# qemu.py execs QEMU, so $$! is QEMU itself: stopped by pid once gdb exits.
gdb: build
	python3 image/qemu.py --build $(BUILD) --gdb $(GDBPORT) & qemu=$$!; \
	gdb-multiarch -q $(BUILD)/kernel/kernel.elf -ex 'target remote 127.0.0.1:$(GDBPORT)'; \
	kill $$qemu 2>/dev/null; wait $$qemu 2>/dev/null; true

clean:
	rm -rf $(BUILD)

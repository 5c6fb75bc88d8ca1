// The FAT boot sector (BIOS Parameter Block): parsed and checked against
// the Microsoft FAT specification ("FAT: General Overview of On-Disk
// Format", fatgen103) before anything else on the volume is trusted. The
// FAT type comes from the cluster count, as the specification says, never
// from the label string.
#pragma once

#include <cstdint>

#include "result.h"

namespace fatfs {

enum class FatType : uint8_t { Fat12, Fat16, Fat32 };

struct Geometry {
  FatType type;
  uint32_t bytes_per_sector;
  uint32_t sectors_per_cluster;
  uint32_t cluster_bytes;
  uint32_t reserved_sectors;
  uint32_t fat_count;
  uint32_t fat_sectors;       // of one FAT
  uint32_t root_entries;      // FAT12/16: the fixed root directory's slots
  uint32_t root_dir_sectors;  // FAT12/16
  uint32_t total_sectors;
  uint32_t first_root_sector;  // FAT12/16
  uint32_t first_data_sector;
  uint32_t cluster_count;  // clusters 2 .. cluster_count + 1 exist
  uint32_t root_cluster;   // FAT32; 0 (the fixed root) on FAT12/16
  uint32_t fsinfo_sector;  // FAT32; 0 without a usable one
  bool mirrored;           // every FAT copy is written (else only active_fat)
  uint32_t active_fat;

  uint64_t sector_byte(uint64_t sector) const { return sector * bytes_per_sector; }
  uint64_t cluster_byte(uint32_t cluster) const {
    return sector_byte(first_data_sector + uint64_t(cluster - 2) * sectors_per_cluster);
  }
  bool valid_cluster(uint32_t c) const { return c >= 2 && c - 2 < cluster_count; }
};

// Checks the 512 bytes of sector 0 of a volume of device_bytes bytes.
// Malformed, with *reason saying what is wrong, unless it is a FAT volume
// whose numbers add up.
Result<Geometry> parse_boot_sector(const uint8_t* sector, uint64_t device_bytes, const char** reason);

const char* fat_type_name(FatType type);

}  // namespace fatfs

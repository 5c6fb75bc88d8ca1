// Boot-sector parsing; the field offsets and rules are the FAT
// specification's (BPB_* and BS_* fields).
#include "bpb.h"

#include "le.h"

namespace fatfs {

namespace {

bool power_of_two(uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

// The spec's boundaries: fewer than 4085 clusters is FAT12, fewer than
// 65525 FAT16, anything else FAT32.
FatType type_for(uint32_t clusters) {
  if (clusters < 4085) return FatType::Fat12;
  if (clusters < 65525) return FatType::Fat16;
  return FatType::Fat32;
}

// Bytes one FAT needs for all its entries (clusters 0 and 1 are reserved).
uint64_t fat_bytes_needed(FatType type, uint32_t clusters) {
  uint64_t entries = uint64_t(clusters) + 2;
  switch (type) {
    case FatType::Fat12:
      return (entries * 3 + 1) / 2;
    case FatType::Fat16:
      return entries * 2;
    case FatType::Fat32:
      return entries * 4;
  }
  return 0;
}

Result<Geometry> refuse(const char** reason, const char* why) {
  *reason = why;
  return Error::Malformed;
}

}  // namespace

const char* fat_type_name(FatType type) {
  switch (type) {
    case FatType::Fat12:
      return "fat12";
    case FatType::Fat16:
      return "fat16";
    case FatType::Fat32:
      return "fat32";
  }
  return "fat";
}

Result<Geometry> parse_boot_sector(const uint8_t* s, uint64_t device_bytes, const char** reason) {
  if (le16(s + 510) != 0xAA55) return refuse(reason, "no boot-sector signature (not a FAT volume)");
  if (s[0] != 0xEB && s[0] != 0xE9) return refuse(reason, "no jump instruction (not a FAT volume)");
  Geometry g{};
  g.bytes_per_sector = le16(s + 11);
  if (g.bytes_per_sector < 512 || g.bytes_per_sector > 4096 || !power_of_two(g.bytes_per_sector))
    return refuse(reason, "bad sector size");
  g.sectors_per_cluster = s[13];
  if (!power_of_two(g.sectors_per_cluster)) return refuse(reason, "bad cluster size");
  g.cluster_bytes = g.sectors_per_cluster * g.bytes_per_sector;
  if (g.cluster_bytes > 64 * 1024) return refuse(reason, "cluster larger than 64 KiB");
  g.reserved_sectors = le16(s + 14);
  if (g.reserved_sectors == 0) return refuse(reason, "no reserved sectors");
  g.fat_count = s[16];
  if (g.fat_count == 0 || g.fat_count > 4) return refuse(reason, "bad FAT count");
  g.root_entries = le16(s + 17);
  if ((g.root_entries * 32) % g.bytes_per_sector != 0) return refuse(reason, "root directory not whole sectors");
  uint8_t media = s[21];
  if (media != 0xF0 && media < 0xF8) return refuse(reason, "bad media byte");
  uint32_t fat16_sectors = le16(s + 22);
  g.fat_sectors = fat16_sectors ? fat16_sectors : le32(s + 36);
  if (g.fat_sectors == 0) return refuse(reason, "FAT size is zero");
  uint32_t total16 = le16(s + 19);
  g.total_sectors = total16 ? total16 : le32(s + 32);
  if (g.total_sectors == 0) return refuse(reason, "total sector count is zero");
  if (uint64_t(g.total_sectors) * g.bytes_per_sector > device_bytes)
    return refuse(reason, "volume larger than the disk");

  g.root_dir_sectors = (g.root_entries * 32 + g.bytes_per_sector - 1) / g.bytes_per_sector;
  uint64_t meta = uint64_t(g.reserved_sectors) + uint64_t(g.fat_count) * g.fat_sectors + g.root_dir_sectors;
  if (meta >= g.total_sectors) return refuse(reason, "FATs and root directory do not fit in the volume");
  g.first_root_sector = g.reserved_sectors + g.fat_count * g.fat_sectors;
  g.first_data_sector = uint32_t(meta);
  uint64_t clusters = (g.total_sectors - meta) / g.sectors_per_cluster;
  if (clusters == 0) return refuse(reason, "no data clusters");
  if (clusters > 0x0FFFFFF5) return refuse(reason, "too many clusters");
  g.cluster_count = uint32_t(clusters);
  g.type = type_for(g.cluster_count);
  if (fat_bytes_needed(g.type, g.cluster_count) > uint64_t(g.fat_sectors) * g.bytes_per_sector)
    return refuse(reason, "FAT too small for the cluster count");

  g.mirrored = true;
  if (g.type == FatType::Fat32) {
    if (fat16_sectors != 0 || g.root_entries != 0) return refuse(reason, "FAT32 cluster count with a FAT16 layout");
    if (le16(s + 42) != 0) return refuse(reason, "unknown FAT32 version");
    uint16_t flags = le16(s + 40);
    g.mirrored = (flags & 0x80) == 0;
    g.active_fat = flags & 0x0F;
    if (g.active_fat >= g.fat_count) return refuse(reason, "active FAT out of range");
    g.root_cluster = le32(s + 44);
    if (!g.valid_cluster(g.root_cluster)) return refuse(reason, "root cluster out of range");
    uint32_t fsinfo = le16(s + 48);
    g.fsinfo_sector = (fsinfo >= 1 && fsinfo < g.reserved_sectors) ? fsinfo : 0;
  } else if (g.root_entries == 0) {
    return refuse(reason, "FAT12/16 cluster count without a root directory");
  }
  *reason = nullptr;
  return g;
}

}  // namespace fatfs

/* One source, several bad (and one good) descriptors, chosen by TOY_VARIANT:
   1 = descriptor claims ABI major 2, 2 = struct_size too small,
   3 = larger structs from a later minor version (accepted),
   4 = the importer function returns an error status,
   5 = the entry point returns NULL. */
#include <campaign/plugin.h>

#include <string.h>

typedef struct bigger_importer {
  campaign_importer base;
  const char* added_in_a_later_minor;
} bigger_importer;

typedef struct bigger_descriptor {
  campaign_plugin_descriptor base;
  const char* added_in_a_later_minor;
} bigger_descriptor;

static campaign_status failing_run(const campaign_importer* self, const campaign_call* call, const char* path,
                                   const campaign_option* options, size_t option_count, const campaign_sink* sink) {
  (void)self, (void)path, (void)options, (void)option_count, (void)sink;
  call->fail(call, "variant 4 refuses every file");
  return CAMPAIGN_INVALID_INPUT;
}

static campaign_status empty_run(const campaign_importer* self, const campaign_call* call, const char* path,
                                 const campaign_option* options, size_t option_count, const campaign_sink* sink) {
  (void)self, (void)call, (void)path, (void)options, (void)option_count, (void)sink;
  return CAMPAIGN_OK;
}

static bigger_importer importers[2];
static bigger_descriptor descriptor;

CAMPAIGN_PLUGIN_EXPORT const campaign_plugin_descriptor* campaign_plugin_entry_v1(const campaign_host_info* host) {
  (void)host;
  if (TOY_VARIANT == 5) {
    return NULL;
  }
  memset(&descriptor, 0, sizeof(descriptor));
  memset(importers, 0, sizeof(importers));
  for (int i = 0; i < 2; ++i) {
    importers[i].base.struct_size = TOY_VARIANT == 3 ? sizeof(bigger_importer) : sizeof(campaign_importer);
    importers[i].base.name = i == 0 ? "variant-first" : "variant-second";
    importers[i].base.description = "an importer of the descriptor variants";
    importers[i].base.run = TOY_VARIANT == 4 ? failing_run : empty_run;
    importers[i].added_in_a_later_minor = "ignored by this host";
  }
  descriptor.base.struct_size = sizeof(campaign_plugin_descriptor);
  descriptor.base.abi_major = CAMPAIGN_ABI_MAJOR;
  descriptor.base.abi_minor = CAMPAIGN_ABI_MINOR;
  descriptor.base.name = TOY_NAME;
  descriptor.base.version = "0.1";
  descriptor.base.description = "descriptor variant";
  descriptor.base.capabilities = CAMPAIGN_CAP_IMPORTER;
  descriptor.base.importers = &importers[0].base;
  /* Variant 3 packs importers in the bigger layout; others use the 1.0 layout. */
  descriptor.base.importer_count = TOY_VARIANT == 3 ? 2 : 1;
  if (TOY_VARIANT != 3) {
    static campaign_importer plain;
    plain = importers[0].base;
    descriptor.base.importers = &plain;
  }
  if (TOY_VARIANT == 1) {
    descriptor.base.abi_major = 2;
  }
  if (TOY_VARIANT == 2) {
    descriptor.base.struct_size = 16;
  }
  if (TOY_VARIANT == 3) {
    descriptor.base.struct_size = sizeof(bigger_descriptor);
  }
  return &descriptor.base;
}

/* Exports only the entry point of a future ABI major. */
#include <campaign/plugin.h>
__attribute__((visibility("default"))) const void* campaign_plugin_entry_v2(const void* host) { return host; }

/*
 * The campaign plugin ABI, version 1.
 *
 * This C header is the whole contract between the campaign host and a plugin
 * library. Only C types cross it: no C++ class, std::string, exception, RTTI
 * or allocator. Text is UTF-8, NUL-terminated, owned by whoever passes it and
 * valid only for the duration of the call. Output of any size goes through a
 * campaign_writer the host provides, so no memory allocated on one side is
 * ever freed on the other.
 *
 * A plugin library exports one function, CAMPAIGN_PLUGIN_ENTRY_NAME, which
 * returns a descriptor that lives as long as the library. The ABI major
 * version is in the symbol's name: a library built for another major has no
 * symbol the host looks for. Minor versions only append fields to structs;
 * every struct starts with struct_size so each side can tell which fields the
 * other has. Most plugin authors use the C++ layer in campaign/plugin.hpp
 * instead of this header directly. docs/plugins.md is the author's guide.
 */
#ifndef CAMPAIGN_PLUGIN_H
#define CAMPAIGN_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CAMPAIGN_ABI_MAJOR 1
#define CAMPAIGN_ABI_MINOR 0

/* The exported entry point's name for ABI major 1. */
#define CAMPAIGN_PLUGIN_ENTRY campaign_plugin_entry_v1
#define CAMPAIGN_PLUGIN_ENTRY_NAME "campaign_plugin_entry_v1"

#if defined(__GNUC__)
#define CAMPAIGN_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CAMPAIGN_PLUGIN_EXPORT
#endif

/* What every plugin function returns. */
typedef enum campaign_status {
  CAMPAIGN_OK = 0,
  CAMPAIGN_FAILED = 1,        /* the plugin could not do its work; a message was reported */
  CAMPAIGN_INVALID_INPUT = 3, /* the input (file, document, option) was refused; a message was reported */
} campaign_status;

/* Capability bits of a descriptor. */
enum {
  CAMPAIGN_CAP_IMPORTER = 1u << 0,
  CAMPAIGN_CAP_ANALYSIS = 1u << 1,
  CAMPAIGN_CAP_RENDERER = 1u << 2,
};

/* Log levels for campaign_call.log. */
enum {
  CAMPAIGN_LOG_DEBUG = 0,
  CAMPAIGN_LOG_INFO = 1,
  CAMPAIGN_LOG_WARN = 2,
  CAMPAIGN_LOG_ERROR = 3,
};

/* Receives bytes from a plugin: a rendered file, a report document, a query's answer. */
typedef struct campaign_writer {
  uint32_t struct_size;
  void* data;
  /* Appends `size` bytes; returns CAMPAIGN_OK, or CAMPAIGN_FAILED when the
     host cannot take them (a full disk), after which the plugin should stop. */
  campaign_status (*write)(void* data, const char* bytes, size_t size);
} campaign_writer;

/* The host's services for the duration of one plugin call. */
typedef struct campaign_call {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  void* data;
  /* Writes a message to the host's log (stderr, following -v/-q). */
  void (*log)(const struct campaign_call* call, int level, const char* message);
  /* Reports why the call is about to return a failure status. The last
     message reported before the return is shown to the user. */
  void (*fail)(const struct campaign_call* call, const char* message);
} campaign_call;

/* One option a capability accepts, declared so the host can validate and document it. */
typedef struct campaign_option_def {
  uint32_t struct_size;
  const char* name;          /* lower-case, dashes: "sheet", "number-style" */
  const char* type;          /* "string", "integer", "number", "boolean" or "path" */
  const char* help;          /* one line */
  const char* default_value; /* NULL when the option has no default */
} campaign_option_def;

/* An option value as the user gave it (or its default), already checked against its type. */
typedef struct campaign_option {
  const char* name;
  const char* value;
} campaign_option;

/* A field of a record handed to the sink: the same keys as `campaign <kind> add`
   options with '_' for '-' (unit, indicator, span_from, value, qualifier, ...).
   Two more keys link records of one import: "ref" labels a record, and a
   "parent" (figures) or "pledge" (targets) value "@label" refers to the
   record labelled so earlier in the same import. */
typedef struct campaign_field {
  const char* name;
  const char* value;
} campaign_field;

/* Where in the source a record came from, for messages: "file:line: field". */
typedef struct campaign_location {
  uint32_t struct_size;
  const char* file;    /* NULL for the importer's input file */
  uint64_t line;       /* 1-based; 0 when not known */
  const char* field;   /* column, cell or key; NULL when not known */
  const char* excerpt; /* the source text (a sentence of an article); NULL when none */
} campaign_location;

/* Where an importer sends records. The core validates them, resolves codes,
   and commits everything or nothing when the import ends. */
typedef struct campaign_sink {
  uint32_t struct_size;
  void* data;
  /* Declares the number style of the source's numbers: "vi" (7.296,5) or
     "en" (7,296.5). Without it, a number that reads differently in the two
     styles is refused. */
  campaign_status (*set_number_style)(void* data, const char* style);
  /* Adds one record of `kind` ("figure", "unit", "pledge", ...). Returns
     CAMPAIGN_OK, or CAMPAIGN_INVALID_INPUT after the host has recorded why
     (the import then fails as a whole; the plugin should stop and return that status). */
  campaign_status (*add)(void* data, const char* kind, const campaign_field* fields, size_t field_count,
                         const campaign_location* where);
} campaign_sink;

/* Read access to the database for analyses. */
typedef struct campaign_query_api {
  uint32_t struct_size;
  void* data;
  /* Answers a JSON request with JSON written to `out`. Requests are
     documented in docs/plugins.md, for example
     {"list": "figure", "filters": {"campaign": "ANTQ-ST", "period": "2018-2023"}}. */
  campaign_status (*query)(void* data, const char* request_json, const campaign_writer* out);
} campaign_query_api;

/* Reads a source into records. */
typedef struct campaign_importer {
  uint32_t struct_size;
  const char* name;        /* the FORMAT of `campaign import FORMAT FILE` */
  const char* description; /* one line */
  const campaign_option_def* options;
  size_t option_count;
  void* data;              /* the plugin's own; the host passes the struct back as `self` */
  campaign_status (*run)(const struct campaign_importer* self, const campaign_call* call, const char* path,
                         const campaign_option* options, size_t option_count, const campaign_sink* sink);
} campaign_importer;

/* Builds a report document (JSON, docs/report-document.md) from the database. */
typedef struct campaign_analysis {
  uint32_t struct_size;
  const char* name;
  const char* description;
  const campaign_option_def* options;
  size_t option_count;
  void* data;
  campaign_status (*run)(const struct campaign_analysis* self, const campaign_call* call,
                         const campaign_option* options, size_t option_count, const campaign_query_api* query,
                         const campaign_writer* document);
} campaign_analysis;

/* Turns a report document into bytes of one format. */
typedef struct campaign_renderer {
  uint32_t struct_size;
  const char* name;      /* the --format it serves: "html", "md", ... */
  const char* extension; /* file name extension without the dot */
  const char* description;
  const campaign_option_def* options;
  size_t option_count;
  void* data;
  campaign_status (*render)(const struct campaign_renderer* self, const campaign_call* call,
                            const char* document_json, size_t document_size, const campaign_option* options,
                            size_t option_count, const campaign_writer* out);
} campaign_renderer;

/* What a plugin library provides. Lives as long as the library. The arrays
   are walked with their first element's struct_size as the stride, so a
   plugin built against a later minor version (larger structs) still loads. */
typedef struct campaign_plugin_descriptor {
  uint32_t struct_size;
  uint32_t abi_major; /* CAMPAIGN_ABI_MAJOR the plugin was built with */
  uint32_t abi_minor;
  const char* name;   /* unique among the loaded plugins */
  const char* version;
  const char* description;
  uint32_t capabilities; /* CAMPAIGN_CAP_* bits, matching the arrays below */
  const campaign_importer* importers;
  size_t importer_count;
  const campaign_analysis* analyses;
  size_t analysis_count;
  const campaign_renderer* renderers;
  size_t renderer_count;
} campaign_plugin_descriptor;

/* The host information given to the entry point. */
typedef struct campaign_host_info {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  const char* host_version;
} campaign_host_info;

/* The entry point: returns the plugin's descriptor, or NULL when the plugin
   cannot run with this host (the host then reports the path). Called once
   per load, before any other function of the plugin. */
typedef const campaign_plugin_descriptor* (*campaign_plugin_entry_fn)(const campaign_host_info* host);

#ifdef __cplusplus
}
#endif

#endif /* CAMPAIGN_PLUGIN_H */

/* A shared library without the entry point. */
__attribute__((visibility("default"))) int campaign_not_an_entry(void) { return 1; }

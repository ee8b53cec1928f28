#ifndef KERIO_SIEM_FUZZER_ENTRY_H
#define KERIO_SIEM_FUZZER_ENTRY_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (command-line parsing, corpus, mutation loop) with `callback` as the target.
/// Wraps `LLVMFuzzerRunDriver`, which libFuzzer exports for programs that bring their own `main`.
int kerio_fuzz_run(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));

#endif

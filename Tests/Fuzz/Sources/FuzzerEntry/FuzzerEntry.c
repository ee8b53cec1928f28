#include "FuzzerEntry.h"

// Exported by libclang_rt.fuzzer (linked by `-sanitize=fuzzer`); declared here because libFuzzer ships no header.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int kerio_fuzz_run(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size)) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}

// The libxml2 API used by KerioSIEMValidation's XMLSchemaValidator (and nothing else: the module is imported
// privately by that one file).

// Keep ICU out of this module. Debian builds libxml2 with ICU, so <libxml/encoding.h> includes <unicode/ucnv.h>
// for two pointer fields of xmlCharEncodingHandler. If the system's ICU headers became part of this module, any
// client that also imports Foundation (which carries its own copy of ICU as _FoundationICU) would fail to compile
// with "'UErrorCode' has different definitions in different modules". We never touch those fields, so declaring
// the two ICU types as opaque keeps the struct's layout identical while no ICU header is read. UCNV_H is the
// include guard of <unicode/ucnv.h>.
#include <stdint.h>
#include <libxml/xmlversion.h>
#ifdef LIBXML_ICU_ENABLED
#ifndef UCNV_H
#define UCNV_H
typedef struct UConverter UConverter;
typedef uint16_t UChar;
#endif
#endif

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

/// A generic-error handler that prints nothing. libxml2 still reports a few conditions (e.g. "Unimplemented block"
/// in the schema validator) through its variadic generic-error channel, which prints to stderr by default; Swift cannot
/// define a C variadic function, so the no-op lives here.
static inline void kerio_siem_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Routes libxml2's generic errors to `kerio_siem_ignore_generic_error` (`silence != 0`) or back to the default.
static inline void kerio_siem_silence_generic_errors(int silence) {
    xmlSetGenericErrorFunc(NULL, silence ? kerio_siem_ignore_generic_error : NULL);
}

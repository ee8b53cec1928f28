// The libxml2 API used by KerioSIEMValidation's XMLSchemaValidator (and nothing else: the module is imported
// privately by that one file).
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

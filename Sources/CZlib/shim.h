// zlib, for reading gzip-compressed inputs (rotated logs: security.log.1.gz). Only inflate is used.
#include <zlib.h>

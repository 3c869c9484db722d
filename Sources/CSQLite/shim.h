#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>
/* The FTS5 extension API (fts5_api, fts5_tokenizer) lives in sqlite3.h since 3.20 when compiled in. */
#endif

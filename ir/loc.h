/* Source locations: where in the input an IR element or value came from. */
#ifndef AW_LOC_H
#define AW_LOC_H

/* Column value for inputs whose parser reports lines only (libxml2). */
#define AW_NO_COLUMN 0u

typedef struct aw_loc {
    const char *file;   /* input name as given by the user; NULL if unknown */
    const char *path;   /* logical path: JSON Pointer or XML element path */
    unsigned line;      /* 1-based; 0 when unknown */
    unsigned col;       /* 1-based; AW_NO_COLUMN when the parser gives none */
} aw_loc;

#endif

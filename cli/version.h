/* Version of the archway program and of the diagram format it reads. */
#ifndef AW_VERSION_H
#define AW_VERSION_H

#define AW_VERSION "0.1.0"
#define AW_FORMAT_VERSION_TEXT 1

#endif

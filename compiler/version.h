/* Version of Archway and of the diagram format it reads, and the project's
 * home page: the program prints them, and SARIF logs name the tool by them. */
#ifndef AW_VERSION_H
#define AW_VERSION_H

#define AW_VERSION "0.1.0"
#define AW_FORMAT_VERSION_TEXT 1

/* Where Archway lives; its documentation is under <home>/blob/main/. */
#define AW_HOME_URL "https://github.com/archway-tools/archway"

#endif

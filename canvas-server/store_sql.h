/* SQL that both database backends of the store speak alike: the columns of
 * a diagram as listed and of a revision, in the order their readers take
 * them. Each backend adds its own WHERE clause and placeholders. */
#ifndef AW_STORE_SQL_H
#define AW_STORE_SQL_H

#define AW_SQL_META_SELECT                                                                                   \
    "SELECT d.id, r.name, d.latest, d.created_ms, r.created_ms, r.errors, r.warnings "                       \
    "FROM diagrams d JOIN revisions r ON r.diagram_id = d.id AND r.number = d.latest "

#define AW_SQL_REVISION_SELECT                                                                               \
    "SELECT diagram_id, number, created_ms, name, format, errors, warnings, note, body, findings "            \
    "FROM revisions "

/* A run's columns; the result comes last, so that lists can leave it out. */
#define AW_SQL_RUN_COLUMNS "diagram_id, revision, number, created_ms, state, options, summary"
#define AW_SQL_RUN_SELECT "SELECT " AW_SQL_RUN_COLUMNS ", result FROM runs "
#define AW_SQL_RUN_LIST "SELECT " AW_SQL_RUN_COLUMNS " FROM runs "

/* The run-history filters: one revision's runs ($1 diagram, $2 revision),
 * or every revision's when the revision asked for is 0. SQLite reads $1
 * and $2 as named parameters numbered in order of first appearance, so
 * both backends bind them alike. */
#define AW_SQL_RUN_WHERE "WHERE diagram_id = $1 AND ($2 = 0 OR revision = $2) ORDER BY revision, number"
#define AW_SQL_RUN_OWNER_EXISTS                                                                              \
    "SELECT 1 FROM diagrams d WHERE d.id = $1 AND ($2 = 0 OR EXISTS "                                        \
    "(SELECT 1 FROM revisions WHERE diagram_id = $1 AND number = $2))"

#endif

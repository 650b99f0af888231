/* Finds ${if:NAME}THEN${else}ELSE${end} in a string (text_if.h). */
#include "text_if.h"

#include <string.h>

static size_t S_name_len(const char *s)
{
    size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    return s[n] == '}' ? n : 0;
}

bool aw_text_if_next(const char *text, aw_text_if *it)
{
    const char *at = strstr(text, AW_TEXT_IF_OPEN);
    if (!at)
        return false;
    memset(it, 0, sizeof *it);
    it->start = at;
    it->name = at + strlen(AW_TEXT_IF_OPEN);
    it->name_len = S_name_len(it->name);
    const char *body = it->name_len ? it->name + it->name_len + 1 : it->name;
    const char *end = strstr(body, AW_TEXT_IF_END), *els = strstr(body, AW_TEXT_IF_ELSE);
    if (!end) {
        it->len = 0;
        it->then_text = body;
        it->then_len = strlen(body);
        return true;
    }
    it->len = (size_t)(end - at) + strlen(AW_TEXT_IF_END);
    it->then_text = body;
    if (els && els < end) {
        it->then_len = (size_t)(els - body);
        it->else_text = els + strlen(AW_TEXT_IF_ELSE);
        it->else_len = (size_t)(end - it->else_text);
    } else {
        it->then_len = (size_t)(end - body);
    }
    return true;
}

bool aw_text_if_any(const char *text)
{
    return strstr(text, AW_TEXT_IF_OPEN) || strstr(text, AW_TEXT_IF_ELSE) || strstr(text, AW_TEXT_IF_END);
}

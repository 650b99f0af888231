/* Unit tests of the value spellings every writer shares: durations, numbers
 * and the JSON and XML escaping of the output buffer. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ir/strbuf.h"
#include "../../ir/units.h"
#include "test_support.h"

/* ---- helpers ------------------------------------------------------------ */

static bool S_parse(const char *text, double *ms)
{
    *ms = -12345;
    return aw_duration_parse(text, strlen(text), ms);
}

static double S_ms(const char *text)
{
    double ms;
    ck_assert_msg(S_parse(text, &ms), "\"%s\" should parse", text);
    return ms;
}

/* The text of one formatted value; the caller frees it. */
static char *S_duration_text(double ms)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_duration_format(&b, ms);
    return aw_strbuf_detach(&b, NULL);
}

static char *S_number_text(double v)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_number(&b, v);
    return aw_strbuf_detach(&b, NULL);
}

static void S_assert_duration_text(double ms, const char *want)
{
    char *got = S_duration_text(ms);
    ck_assert_str_eq(got, want);
    free(got);
}

static void S_assert_number_text(double v, const char *want)
{
    char *got = S_number_text(v);
    ck_assert_str_eq(got, want);
    free(got);
}

static void S_assert_json(const char *s, size_t len, const char *want)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_json_string(&b, s, len);
    ck_assert_uint_eq(b.len, strlen(want));
    ck_assert_str_eq(b.data, want);
    aw_strbuf_free(&b);
}

static void S_assert_xml(const char *s, int attr, const char *want)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_xml_escaped(&b, s, strlen(s), attr);
    ck_assert_uint_eq(b.len, strlen(want));
    ck_assert_str_eq(b.data ? b.data : "", want);
    aw_strbuf_free(&b);
}

/* ---- durations: parsing ------------------------------------------------- */

START_TEST(test_duration_units)
{
    ck_assert(S_ms("150ms") == 150);
    ck_assert(S_ms("29s") == 29000);
    ck_assert(S_ms("2m") == 120000);
    ck_assert(S_ms("1h") == 3600000);
    ck_assert(S_ms("0ms") == 0);
    ck_assert(S_ms("0s") == 0);
    ck_assert(S_ms("007s") == 7000);
}
END_TEST

START_TEST(test_duration_fractions)
{
    ck_assert(S_ms("1.5s") == 1500);
    ck_assert(S_ms("1.5m") == 90000);
    ck_assert(S_ms("0.25h") == 900000);
    ck_assert(S_ms("0.5ms") == 0.5);
    /* Exactly, not 100.00000000000001: rates and timeouts are compared. */
    ck_assert(S_ms("0.1s") == 100);
    ck_assert(S_ms("0.3s") == 300);
    ck_assert(S_ms("0.7s") == 700);
    ck_assert(S_ms("1.001s") == 1001);
    ck_assert(S_ms("2.675s") == 2675);
    ck_assert(S_ms("0.001s") == 1);
    /* Microseconds are the finest step kept. */
    ck_assert(S_ms("0.001ms") == 0.001);
    ck_assert(S_ms("0.123456789s") == 123.457);
}
END_TEST

START_TEST(test_duration_rejects)
{
    static const char *const bad[] = {
        "", "5", "s", "ms", "-1s", "+1s", "1.s", ".5s", "1e3ms", " 5s", "5s ", "5 s",
        "5S", "5MS", "5sec", "5min", "5d", "1,5s", "1.5.0s", "0x10s", "inf s", "infs",
        "nans", "5ss", "5smm", "1..5s", "5\ts",
        "1.0000000001s",        /* more than nine decimals */
        "1234567890123ms",      /* more than twelve digits */
        "1000000000s", "277778h", "999999999999h", /* 10^12 ms and more: no round trip */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double ms;
        ck_assert_msg(!S_parse(bad[i], &ms), "\"%s\" should not parse", bad[i]);
        ck_assert_msg(ms == -12345, "\"%s\" changed the output on failure", bad[i]);
    }
}
END_TEST

START_TEST(test_duration_length_bounded)
{
    /* The text need not be NUL-terminated: only len bytes count. */
    const char text[] = "15sXYZ";
    double ms;
    ck_assert(aw_duration_parse(text, 3, &ms));
    ck_assert(ms == 15000);
    ck_assert(aw_duration_parse(text, 2, &ms) == false);
    ck_assert(aw_duration_parse("250ms", 4, &ms));              /* "250m": minutes */
    ck_assert(ms == 15000000);
    ck_assert(aw_duration_parse("250ms", 3, &ms) == false);     /* "250" has no unit */
}
END_TEST

/* ---- durations: canonical spelling and round trips --------------------- */

START_TEST(test_duration_format)
{
    S_assert_duration_text(29000, "29s");
    S_assert_duration_text(1000, "1s");
    S_assert_duration_text(1500, "1500ms");
    S_assert_duration_text(150, "150ms");
    S_assert_duration_text(0.5, "0.5ms");
    S_assert_duration_text(0, "0ms");
    S_assert_duration_text(60000, "60s");
    S_assert_duration_text(3600000, "3600s");
    S_assert_duration_text(100, "100ms");
    S_assert_duration_text(123.457, "123.457ms");
    S_assert_duration_text(900000, "900s");
}
END_TEST

START_TEST(test_duration_round_trip_text)
{
    /* Canonical spellings read back to themselves. */
    static const char *const texts[] = {"29s", "150ms", "0.5ms", "0ms", "1500ms", "60s", "0.001ms",
                                        "86400s", "123.457ms", "999999999999ms", "999999999s"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *again = S_duration_text(S_ms(texts[i]));
        ck_assert_str_eq(again, texts[i]);
        free(again);
    }
}
END_TEST

START_TEST(test_duration_round_trip_values)
{
    /* Whatever parses, formats to a text that parses to the same value. */
    static const char *const texts[] = {"1.5s", "0.1s", "2m", "1h", "0.25h", "1.001s", "0.123456789s",
                                        "12.5m", "7.77777h", "0.000001s", "999999999999s",
                                        "999999999999h", "999999999999.999999999h", "123456789.123ms"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        double ms;
        if (!S_parse(texts[i], &ms))
            continue;   /* refused outright is fine; read then unreadable is not */
        char *text = S_duration_text(ms);
        double back;
        ck_assert_msg(S_parse(text, &back), "\"%s\" formats as \"%s\", which does not parse", texts[i], text);
        ck_assert_msg(back == ms, "\"%s\" -> \"%s\" -> %.17g, not %.17g", texts[i], text, back, ms);
        free(text);
    }
    /* And every microsecond step over a range reads back exactly. */
    for (int us = 0; us < 200000; us += 7) {
        double ms = us / 1000.0;
        char *text = S_duration_text(ms);
        double back;
        ck_assert_msg(S_parse(text, &back) && back == ms, "%.17g -> \"%s\"", ms, text);
        free(text);
    }
}
END_TEST

/* ---- numbers ------------------------------------------------------------ */

START_TEST(test_number_integers)
{
    S_assert_number_text(0, "0");
    S_assert_number_text(-0.0, "0");
    S_assert_number_text(1, "1");
    S_assert_number_text(-7, "-7");
    S_assert_number_text(128, "128");
    S_assert_number_text(1e15, "1000000000000000");
    S_assert_number_text(9007199254740991.0, "9007199254740991");
    S_assert_number_text(-9007199254740991.0, "-9007199254740991");
    S_assert_number_text(1e21, "1e+21");
}
END_TEST

START_TEST(test_number_fractions)
{
    S_assert_number_text(0.5, "0.5");
    S_assert_number_text(0.1, "0.1");
    S_assert_number_text(1.6, "1.6");
    S_assert_number_text(13.5, "13.5");
    S_assert_number_text(-2.25, "-2.25");
    S_assert_number_text(0.1 + 0.2, "0.30000000000000004");
    S_assert_number_text(1.0 / 3.0, "0.3333333333333333");
    S_assert_number_text(1e-7, "1e-07");
    S_assert_number_text(123456.789, "123456.789");
    /* Where "%g" changes to an exponent, and short decimals far below 1. */
    S_assert_number_text(0.0001, "0.0001");
    S_assert_number_text(0.00011, "0.00011");
    S_assert_number_text(0.000099, "9.9e-05");
    S_assert_number_text(-0.05, "-0.05");
    S_assert_number_text(0.00941242887145487, "0.00941242887145487");
    S_assert_number_text(76.02153238178695, "76.02153238178695");
    S_assert_number_text(123456789012345.6, "123456789012345.6");
}
END_TEST

START_TEST(test_number_not_finite)
{
    S_assert_number_text(NAN, "null");
    S_assert_number_text(INFINITY, "null");
    S_assert_number_text(-INFINITY, "null");
}
END_TEST

/* Significant digits of a printed number: "0.07" has one, "1.25e+30" three. */
static int S_sig_digits(const char *text)
{
    const char *p = text + (*text == '-');
    while (*p == '0' || *p == '.')
        p++;
    int n = 0;
    for (; *p && *p != 'e' && *p != 'E'; p++)
        n += *p >= '0' && *p <= '9';
    return n;
}

START_TEST(test_number_round_trip)
{
    static const double values[] = {0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 3.141592653589793, 1e-300, 5e-324,
                                    DBL_MAX, -DBL_MAX, DBL_MIN, 123456789.123456789, 9007199254740993.0,
                                    4.35, 0.07, 1e22, 1e23, 58.2, 28.4, -0.001, 0.009412428871454871,
                                    0.0865656613775369, 999999999999999.9, 1e15 + 0.5};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char *text = S_number_text(values[i]);
        ck_assert_msg(strtod(text, NULL) == values[i], "%.17g printed as %s", values[i], text);
        /* Shortest: one significant digit fewer does not read back. */
        int digits = S_sig_digits(text);
        if (digits > 1) {
            char shorter[400];
            snprintf(shorter, sizeof shorter, "%.*g", digits - 1, values[i]);
            ck_assert_msg(strtod(shorter, NULL) != values[i], "%s is not the shortest form (%s)", text, shorter);
        }
        free(text);
    }
    /* Integers print without an exponent up to 2^53. */
    for (double v = 1; v < 9007199254740992.0; v = v * 3 + 1) {
        char *text = S_number_text(v);
        ck_assert_msg(strpbrk(text, "eE.") == NULL, "%.17g printed as %s", v, text);
        ck_assert(strtod(text, NULL) == v);
        free(text);
    }
}
END_TEST

/* What the spelling must be, by its definition: the "%.*g" of fewest
 * digits that reads back as v, or "%lld" for an integer below 2^53. */
static void S_reference_spelling(double v, char *out, size_t size)
{
    if (v == 0 || (v == floor(v) && fabs(v) < 9007199254740992.0)) {
        snprintf(out, size, "%lld", (long long)v);
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, size, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

/* A random double: uniform bits (any magnitude), a short decimal like the
 * rates and latencies a diagram carries, or a ratio of such. */
static double S_random_double(unsigned long long *state, int family)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    unsigned long long r = *state;
    switch (family) {
    case 0: {
        double v;
        memcpy(&v, &r, sizeof v);
        return isfinite(v) ? v : 0.5;
    }
    case 1: return (double)(long long)(r >> 34) / pow(10, (double)(r % 9)) * ((r >> 20) & 1 ? -1 : 1);
    default: return (double)(r >> 40) / (double)((r & 0xffff) + 1);
    }
}

/* Spellings are remembered by the number's bits: over 100,000 values,
 * each written twice (the second time from memory, where its slot has not
 * been taken by another since), every spelling is the defined one. */
START_TEST(test_number_spelling_matches_definition)
{
    unsigned long long state = 0x2545F4914F6CDD1Dull;
    char want[64];
    for (int i = 0; i < 100000; i++) {
        double v = S_random_double(&state, i % 10 == 0 ? 0 : 1 + i % 2);   /* wide ones are slow to print */
        S_reference_spelling(v, want, sizeof want);
        for (int twice = 0; twice < 2; twice++) {
            char *got = S_number_text(v);
            ck_assert_msg(strcmp(got, want) == 0, "%.17g spelled %s, should be %s", v, got, want);
            free(got);
        }
    }
}
END_TEST

/* ---- JSON strings ------------------------------------------------------- */

START_TEST(test_json_string_plain)
{
    S_assert_json("", 0, "\"\"");
    S_assert_json("pets", 4, "\"pets\"");
    S_assert_json("/pets/{id}", 10, "\"/pets/{id}\"");
    /* UTF-8 passes through unchanged. */
    S_assert_json("K\xc3\xa4tzchen \xe7\x8c\xab", 13, "\"K\xc3\xa4tzchen \xe7\x8c\xab\"");
    /* Apostrophes and '<' need nothing in JSON. */
    S_assert_json("it's <b>", 8, "\"it's <b>\"");
}
END_TEST

START_TEST(test_json_string_escapes)
{
    S_assert_json("say \"hi\"", 8, "\"say \\\"hi\\\"\"");
    S_assert_json("C:\\dir", 6, "\"C:\\\\dir\"");
    S_assert_json("a\nb\tc\rd", 7, "\"a\\nb\\tc\\rd\"");
    S_assert_json("\x01\x1f", 2, "\"\\u0001\\u001f\"");
    S_assert_json("\b\f", 2, "\"\\u0008\\u000c\"");
    S_assert_json("\x7f", 1, "\"\x7f\"");
    /* Escapes at the edges and next to each other. */
    S_assert_json("\"\"", 2, "\"\\\"\\\"\"");
    S_assert_json("\n", 1, "\"\\n\"");
    /* Long strings are scanned eight bytes at a time: an escape in any
     * position of a word, high bytes beside it, and a tail past the last
     * whole word. */
    S_assert_json("0123456789abc\"ef\x01\xff\x80\\xyz", 23,
                  "\"0123456789abc\\\"ef\\u0001\xff\x80\\\\xyz\"");
    S_assert_json("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\x1f", 10, "\"\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\\u001f\"");
}
END_TEST

/* Every length up to three words, with each escaped byte at each place
 * (and none): the words and the tail shorter than a word, read as one, find
 * it wherever it is, and clean bytes around it (each a different letter,
 * so that one copied to the wrong place shows) are copied as they are. */
START_TEST(test_json_string_escape_every_position)
{
    static const char escaped[] = {'"', '\\', '\n', '\x01', '\x1f'};
    static const char *const spelled[] = {"\\\"", "\\\\", "\\n", "\\u0001", "\\u001f"};
    for (size_t len = 0; len <= 24; len++) {
        for (size_t at = 0; at <= len; at++) {
            for (size_t e = 0; e < sizeof escaped; e++) {
                char text[25], want[40];
                for (size_t i = 0; i < len; i++)
                    text[i] = (char)('a' + i);
                text[len] = '\0';
                if (at < len)
                    text[at] = escaped[e];
                snprintf(want, sizeof want, "\"%.*s%s%s\"", (int)(at < len ? at : len), text,
                         at < len ? spelled[e] : "", at < len ? text + at + 1 : "");
                S_assert_json(text, len, want);
            }
        }
    }
}
END_TEST

START_TEST(test_json_string_embedded_nul)
{
    /* The length counts, not a terminator. */
    S_assert_json("a\0b", 3, "\"a\\u0000b\"");
    S_assert_json("abc", 2, "\"ab\"");
}
END_TEST

START_TEST(test_json_string_appends)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, "{\"k\": ");
    aw_strbuf_json_string(&b, "v\"", 2);
    aw_strbuf_putc(&b, '}');
    ck_assert_str_eq(b.data, "{\"k\": \"v\\\"\"}");
    ck_assert_uint_eq(b.len, strlen(b.data));
    aw_strbuf_free(&b);
}
END_TEST

/* ---- XML text ------------------------------------------------------------ */

START_TEST(test_xml_text)
{
    S_assert_xml("", 0, "");
    S_assert_xml("plain", 0, "plain");
    S_assert_xml("a & b < c > d", 0, "a &amp; b &lt; c &gt; d");
    S_assert_xml("]]>", 0, "]]&gt;");
    /* In text, quotes, tabs and newlines stay as they are... */
    S_assert_xml("say \"hi\"\n\tok", 0, "say \"hi\"\n\tok");
    /* ...but a carriage return would be lost to end-of-line normalization. */
    S_assert_xml("a\r\nb", 0, "a&#13;\nb");
    S_assert_xml("K\xc3\xa4tzchen", 0, "K\xc3\xa4tzchen");
}
END_TEST

START_TEST(test_xml_attribute)
{
    /* Attribute values lose tabs and newlines to normalization unless escaped. */
    S_assert_xml("say \"hi\"", 1, "say &quot;hi&quot;");
    S_assert_xml("a\nb\tc\rd", 1, "a&#10;b&#9;c&#13;d");
    S_assert_xml("it's", 1, "it's");
    S_assert_xml("<&>", 1, "&lt;&amp;&gt;");
    S_assert_xml("$request.body.action", 1, "$request.body.action");
}
END_TEST

START_TEST(test_xml_length_bounded)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_xml_escaped(&b, "a&b&c", 3, 0);
    ck_assert_str_eq(b.data, "a&amp;b");
    aw_strbuf_free(&b);
}
END_TEST

/* ---- the buffer itself --------------------------------------------------- */

START_TEST(test_strbuf_growth)
{
    aw_strbuf b = AW_STRBUF_INIT;
    for (int i = 0; i < 10000; i++)
        aw_strbuf_printf(&b, "%d,", i % 10);
    ck_assert_uint_eq(b.len, 20000);
    ck_assert_uint_eq(strlen(b.data), 20000);
    ck_assert(b.cap > b.len);
    size_t len;
    char *data = aw_strbuf_detach(&b, &len);
    ck_assert_uint_eq(len, 20000);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    free(data);
}
END_TEST

START_TEST(test_strbuf_detach_empty)
{
    aw_strbuf b = AW_STRBUF_INIT;
    size_t len = 99;
    char *data = aw_strbuf_detach(&b, &len);
    ck_assert_ptr_nonnull(data);
    ck_assert_str_eq(data, "");
    ck_assert_uint_eq(len, 0);
    free(data);
}
END_TEST

START_TEST(test_strbuf_indent)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_indent(&b, 3);
    aw_strbuf_putc(&b, 'x');
    aw_strbuf_indent(&b, 0);
    ck_assert_str_eq(b.data, "      x");
    aw_strbuf_free(&b);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("units");
    TCase *durations = aw_test_tcase(s, "durations", NULL, NULL);
    tcase_add_test(durations, test_duration_units);
    tcase_add_test(durations, test_duration_fractions);
    tcase_add_test(durations, test_duration_rejects);
    tcase_add_test(durations, test_duration_length_bounded);
    tcase_add_test(durations, test_duration_format);
    tcase_add_test(durations, test_duration_round_trip_text);
    tcase_add_test(durations, test_duration_round_trip_values);

    TCase *numbers = aw_test_tcase(s, "numbers", NULL, NULL);
    tcase_add_test(numbers, test_number_integers);
    tcase_add_test(numbers, test_number_fractions);
    tcase_add_test(numbers, test_number_not_finite);
    tcase_add_test(numbers, test_number_round_trip);
    tcase_add_test(numbers, test_number_spelling_matches_definition);

    TCase *escaping = aw_test_tcase(s, "escaping", NULL, NULL);
    tcase_add_test(escaping, test_json_string_plain);
    tcase_add_test(escaping, test_json_string_escapes);
    tcase_add_test(escaping, test_json_string_escape_every_position);
    tcase_add_test(escaping, test_json_string_embedded_nul);
    tcase_add_test(escaping, test_json_string_appends);
    tcase_add_test(escaping, test_xml_text);
    tcase_add_test(escaping, test_xml_attribute);
    tcase_add_test(escaping, test_xml_length_bounded);

    TCase *buffer = aw_test_tcase(s, "buffer", NULL, NULL);
    tcase_add_test(buffer, test_strbuf_growth);
    tcase_add_test(buffer, test_strbuf_detach_empty);
    tcase_add_test(buffer, test_strbuf_indent);
    return s;
}

AW_TEST_MAIN(S_suite)

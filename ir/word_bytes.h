/* Tests on eight bytes of text at a time, for the loops that look for a few
 * rare bytes (a quote, an escape, a control character, a "${"): a word of
 * plain text is passed in a handful of instructions instead of eight turns. */
#ifndef AW_WORD_BYTES_H
#define AW_WORD_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define AW_WORD_ONES 0x0101010101010101u
#define AW_WORD_HIGHS 0x8080808080808080u

/* Eight bytes as one word, in whatever byte order the machine has: the
 * tests below look at every byte alike. */
static inline uint64_t aw_word_load(const void *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return w;
}

/* The high bit of each byte of w below c (c at most 0x80). Only the lowest
 * flagged byte is sure to be one, as a borrow may flag those above it; no
 * byte is flagged when none is below c. */
static inline uint64_t aw_word_bytes_below(uint64_t w, unsigned char c)
{
    return (w - AW_WORD_ONES * c) & ~w & AW_WORD_HIGHS;
}

/* The high bit of each byte of w that equals c, with the same caveat. */
static inline uint64_t aw_word_bytes_equal(uint64_t w, unsigned char c)
{
    return aw_word_bytes_below(w ^ (AW_WORD_ONES * c), 1);
}

/* How many bytes of the word come before its lowest nonzero one (mask not
 * 0), where the byte order lets one instruction tell; 0 elsewhere, which
 * leaves the bytes to a loop. */
static inline size_t aw_word_before_nonzero(uint64_t mask)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(mask) / 8;
#else
    (void)mask;
    return 0;
#endif
}

#endif

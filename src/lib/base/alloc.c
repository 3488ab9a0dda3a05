/*
 * alloc.c - growable arrays and string copies.
 */
#include <stdlib.h>
#include <string.h>

#include "base.h"

bool ws__grow_to(void *arrp, size_t *cap, size_t need, size_t elem_size)
{
    void **arr = arrp;
    /* a document has dozens of most things (sentences, mentions, name
     * candidates, matches): 64 spares most arrays their first doublings,
     * each a realloc and a copy (from 16, the project's news grew arrays
     * 22 times a document; 128 costs more than it saves) */
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem_size)
            return false;
        ncap *= 2;
    }
    void *p = realloc(*arr, ncap * elem_size);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
}

char *ws__strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

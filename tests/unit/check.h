/*
 * check.h - the few assertions the unit tests need, and no framework.
 *
 * A failed check prints file:line and what differed, and the test goes on,
 * so that one run shows every failure; CHECK_DONE() returns the exit status.
 */
#ifndef WS_TEST_CHECK_H
#define WS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);  \
            check_failures++;                                                         \
        }                                                                             \
    } while (0)

#define CHECK_INT_EQ(actual, expected)                                                \
    do {                                                                              \
        long long check_a_ = (long long)(actual), check_e_ = (long long)(expected);   \
        if (check_a_ != check_e_) {                                                   \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, \
                    #actual, check_a_, check_e_);                                     \
            check_failures++;                                                         \
        }                                                                             \
    } while (0)

/* NULL compares equal only to NULL. */
#define CHECK_STR_EQ(actual, expected)                                                \
    do {                                                                              \
        const char *check_a_ = (actual), *check_e_ = (expected);                      \
        if (!(check_a_ == check_e_ ||                                                 \
              (check_a_ && check_e_ && strcmp(check_a_, check_e_) == 0))) {           \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__,       \
                    __LINE__, #actual, check_a_ ? check_a_ : "(null)",                \
                    check_e_ ? check_e_ : "(null)");                                  \
            check_failures++;                                                         \
        }                                                                             \
    } while (0)

/* Bytes [b, e) of s against a string. */
#define CHECK_SLICE_EQ(s, b, e, expected)                                             \
    do {                                                                              \
        const char *check_s_ = (s), *check_x_ = (expected);                           \
        size_t check_b_ = (size_t)(b), check_e_ = (size_t)(e);                        \
        if (check_e_ < check_b_ || check_e_ - check_b_ != strlen(check_x_) ||         \
            memcmp(check_s_ + check_b_, check_x_, check_e_ - check_b_) != 0) {        \
            fprintf(stderr, "%s:%d: [%zu, %zu) is \"%.*s\", expected \"%s\"\n",       \
                    __FILE__, __LINE__, check_b_, check_e_,                           \
                    check_e_ >= check_b_ ? (int)(check_e_ - check_b_) : 0,            \
                    check_s_ + check_b_, check_x_);                                   \
            check_failures++;                                                         \
        }                                                                             \
    } while (0)

#define CHECK_DONE()                                                                  \
    (check_failures ? (fprintf(stderr, "%d check(s) failed\n", check_failures), 1) : 0)

#endif /* WS_TEST_CHECK_H */

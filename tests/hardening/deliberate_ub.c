/*
 * deliberate_ub.c - a fuzz target with undefined behaviour on every input
 * (a signed overflow), which proves that the suite fails on a sanitizer
 * report (#18): see "hardening" in tests/meson.build.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* volatile, so that the compiler can neither fold nor drop the sum */
    volatile int big = INT_MAX;
    volatile int sum = big + 1;

    (void)sum;
    return 0;
}

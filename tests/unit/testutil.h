/* testutil.h — shared includes for the cmocka unit tests. */
#ifndef TOCSIN_TESTUTIL_H
#define TOCSIN_TESTUTIL_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#endif

/* test_util.c — arena, buf, hashing and date arithmetic. */
#include "testutil.h"
#include "util/util.h"

static void test_dates(void **st)
{
    (void)st;
    int d;
    assert_int_equal(util_date_parse("2022-01-02", &d), 0);
    char out[11];
    util_date_format(d, out);
    assert_string_equal(out, "2022-01-02");
    assert_int_equal(util_date_weekday(d), 6); /* a Sunday */
    assert_int_equal(util_date_parse("2022-02-30", &d), -1);
    assert_int_equal(util_date_parse("2022-1-02", &d), -1);
    assert_int_equal(util_date_parse("2022-01-02x", &d), -1);
    assert_int_equal(util_date_parse("2024-02-29", &d), 0);
    assert_int_equal(util_date_parse("2023-02-29", &d), -1);
    util_date_format(util_date_from_ymd(2021, 12, 30), out);
    assert_string_equal(out, "2021-12-30");
}

static void test_arena(void **st)
{
    (void)st;
    arena a;
    util_arena_init(&a, 1024);
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1000; i++) {
            char *p = util_arena_alloc(&a, 100);
            assert_true(((uintptr_t)p & 15) == 0);
            memset(p, 'x', 100);
        }
        char *s = util_arena_strndup(&a, "hello world", 5);
        assert_string_equal(s, "hello");
        util_arena_reset(&a);
    }
    util_arena_free(&a);
}

static void test_buf_json(void **st)
{
    (void)st;
    buf b;
    util_buf_init(&b);
    util_buf_add_json_str(&b, "a\"b\\c\n\x01", 7);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
    util_buf_clear(&b);
    util_buf_printf(&b, "%d-%s", 42, "x");
    assert_string_equal(b.data, "42-x");
    util_buf_free(&b);
    assert_true(hash_str("warn") != hash_str("warns"));
    assert_true(hash_str("warn") == util_hash_bytes("warn", 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_buf_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

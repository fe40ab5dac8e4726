/*
 * fuzz_jsonl.c — libFuzzer harness for the JSON Lines reader: the input bytes
 * become a temporary .jsonl file read with io_reader_open()/io_reader_next() to the
 * end, and every document it yields is coded with the built-in dictionaries,
 * as `tocsin code x.jsonl` does.
 * Checks the project rule that no document is lost silently: every non-blank
 * line gives exactly one result, a document (1) or an error naming it (-1,
 * message starting with the path:line); documents carry an id, a real date and
 * text; the coder's -1 carries a message.
 */
#include "fuzz_common.h"
#include "io/io.h"

static tocsin_dict *dict;
static tocsin_coder *coder;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc; (void)argv;
    tocsin_set_error_handler(fuzz_quiet, NULL);
    dict = tocsin_dict_new();
    if (tocsin_dict_add(dict, "builtin") != 0 || tocsin_dict_finish(dict) != 0) exit(1);
    coder = tocsin_coder_new(dict);
    if (!coder) exit(1);
    return 0;
}

/* Lines holding something other than spaces and tabs (a final "\r" is dropped). */
static size_t count_records(const uint8_t *d, size_t n)
{
    size_t count = 0, i = 0;
    while (i < n) {
        size_t s = i;
        while (i < n && d[i] != '\n') i++;
        size_t e = i;
        if (e > s && d[e - 1] == '\r') e--;
        int blank = 1;
        for (size_t k = s; k < e && blank; k++) blank = d[k] == ' ' || d[k] == '\t';
        count += !blank;
        i++;   /* past the newline */
    }
    return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_temp_file(".jsonl", data, size);
    reader_opts o = { .format = IN_JSONL, .date = NULL };
    char err[1024] = "";
    doc_reader *r = io_reader_open(path, &o, err, sizeof err);
    FUZZ_CHECK(r != NULL);
    tocsin_doc doc;
    int rc;
    size_t results = 0;
    while ((rc = io_reader_next(r, &doc, err, sizeof err)) != 0) {
        results++;
        FUZZ_CHECK(results <= size + 1);
        if (rc < 0) {
            FUZZ_CHECK(rc == -1);
            FUZZ_CHECK(!strncmp(err, path, strlen(path)));
            err[0] = 0;
            continue;
        }
        FUZZ_CHECK(doc.id && *doc.id);
        FUZZ_CHECK(doc.text != NULL);
        int days;
        FUZZ_CHECK(doc.date && util_date_parse(doc.date, &days) == 0);
        fuzz_touch(doc.text, doc.text_len);
        if (doc.title) fuzz_touch(doc.title, strlen(doc.title));
        uint64_t h = 0;
        if (tocsin_code(coder, &doc, fuzz_event_cb, &h) < 0) {
            const char *e = tocsin_coder_error(coder);
            FUZZ_CHECK(e && *e);
        }
    }
    /* gzip input is inflated by the reader: its lines are not the bytes' lines */
    if (!(size >= 2 && data[0] == 0x1f && data[1] == 0x8b))
        FUZZ_CHECK(results == count_records(data, size));
    io_reader_close(r);
    unlink(path);
    return 0;
}

/*
 * lang.cc — the language of an extracted article, by CLD2 (a C++ library).
 * A C++ file only because CLD2's interface is C++; web_internal.h declares the
 * one extern "C" function the C code calls.
 */
#include <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <string.h>

extern "C" const char *web_detect_language(const char *text, size_t len, const char *hint);

/* CLD2 codes are ISO 639-1 where one exists, with script suffixes for a few
 * ("zh-Hant"); the caller wants the bare two-letter code. */
static const char *iso639_1(CLD2::Language lang)
{
    static const struct { CLD2::Language lang; const char *code; } special[] = {
        {CLD2::CHINESE, "zh"}, {CLD2::CHINESE_T, "zh"},
    };
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        if (special[i].lang == lang) return special[i].code;
    const char *code = CLD2::LanguageCode(lang);
    if (!code || strlen(code) != 2) return NULL;
    return code;
}

extern "C" const char *web_detect_language(const char *text, size_t len, const char *hint)
{
    if (len > 1 << 20) len = 1 << 20; /* a megabyte of text settles any language */
    CLD2::CLDHints hints = {NULL, NULL, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    if (hint && *hint) hints.content_language_hint = hint;
    CLD2::Language lang3[3];
    int percent3[3];
    double score3[3];
    int text_bytes = 0;
    bool reliable = false;
    CLD2::Language lang = CLD2::ExtDetectLanguageSummary(
        text, (int)len, true, &hints, 0, lang3, percent3, score3, NULL, &text_bytes, &reliable);
    if (lang == CLD2::UNKNOWN_LANGUAGE || (!reliable && text_bytes < 200)) return NULL;
    return iso639_1(lang);
}
